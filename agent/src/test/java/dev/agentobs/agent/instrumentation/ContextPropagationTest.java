/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.bootstrap.AgentHooks;
import dev.agentobs.testapp.ConcurrencyFixtures.Fanout;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Context follows work into pools, forked tasks, new threads and virtual threads, and nothing of it
 * stays on a pool's thread: the real JDK classes re-woven in this JVM, observed through the span
 * recorder and the app's (Logback) MDC.
 */
class ContextPropagationTest {

  private static final Fanout FANOUT = new Fanout();
  private static ExecutorService pool;

  @BeforeAll
  static void install() {
    TestAgent.install();
    // a pool whose single thread is started outside any request, as a service's pools are
    pool = Executors.newFixedThreadPool(1);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  @BeforeEach
  void reset() {
    TestAgent.SPANS.reset();
    TestAgent.EVENTS.clear();
  }

  @Test
  void threadPoolTasksNestUnderTheSubmittingPhaseAndSeeTheRequestIdInTheMdc() {
    List<String> seen =
        FANOUT.within(
            () -> {
              Future<String> submitted = pool.submit(() -> FANOUT.inner("submit"));
              CompletableFuture<String> executed = new CompletableFuture<>();
              pool.execute(() -> executed.complete(FANOUT.inner("execute")));
              return List.of(get(submitted), executed.join());
            });

    assertNestedUnderOuter(2, seen);
  }

  @Test
  void aPoolThreadCarriesNothingAfterTheRequestsTask() throws Exception {
    FANOUT.within(() -> get(pool.submit(() -> FANOUT.inner("in"))));
    TestAgent.EVENTS.clear();

    String mdcAfter = pool.submit(() -> MDC.get("request_id")).get();
    String phaseAfter = pool.submit(() -> FANOUT.inner("after")).get();

    assertThat(mdcAfter).isNull();
    assertThat(phaseAfter).isEqualTo("after:" + onlyTask().requestId());
    assertThat(onlyTask().kind()).isEqualTo(TaskObservation.Kind.ROOT_PHASE);
    assertThat(phase("inner").parent()).isSameAs(onlyTask());
  }

  @Test
  void workSubmittedOutsideAnyRequestJoinsNone() throws Exception {
    String result = pool.submit(() -> FANOUT.inner("outside")).get();

    assertThat(onlyTask().kind()).isEqualTo(TaskObservation.Kind.ROOT_PHASE);
    assertThat(result).isEqualTo("outside:" + onlyTask().requestId());
  }

  @Test
  void aWorkerThreadStartedFromInsideARequestDoesNotKeepIt() throws Exception {
    ExecutorService lazy = Executors.newCachedThreadPool();
    try {
      // the pool's first thread is started by this submit, inside the request
      FANOUT.within(() -> get(lazy.submit(() -> FANOUT.inner("first"))));
      TestAgent.EVENTS.clear();

      assertThat(lazy.submit(() -> MDC.get("request_id")).get()).isNull();
      lazy.submit(() -> FANOUT.inner("later")).get();
      assertThat(onlyTask().kind()).isEqualTo(TaskObservation.Kind.ROOT_PHASE);
    } finally {
      lazy.shutdownNow();
    }
  }

  @Test
  void scheduledTasksNestUnderTheSubmittingPhase() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    try {
      List<String> seen =
          FANOUT.within(
              () -> {
                ScheduledFuture<String> later =
                    scheduler.schedule(() -> FANOUT.inner("scheduled"), 5, TimeUnit.MILLISECONDS);
                Future<String> now = scheduler.submit(() -> FANOUT.inner("submitted"));
                return List.of(get(later), get(now));
              });
      assertNestedUnderOuter(2, seen);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void forkJoinPoolsAndParallelStreamsNestUnderTheSubmittingPhase() {
    ForkJoinPool forkJoin = new ForkJoinPool(2);
    try {
      List<String> seen =
          FANOUT.within(
              () -> {
                List<String> all = new ArrayList<>();
                all.add(get(forkJoin.submit(() -> FANOUT.inner("callable"))));
                all.add(forkJoin.invoke(new Inner("task")));
                all.addAll(
                    IntStream.range(0, 16)
                        .parallel()
                        .mapToObj(i -> FANOUT.inner("stream" + i))
                        .collect(Collectors.toList()));
                return all;
              });
      assertNestedUnderOuter(18, seen);
    } finally {
      forkJoin.shutdownNow();
    }
  }

  @Test
  void completableFutureAsyncStagesNestUnderTheSubmittingPhase() {
    List<String> seen =
        FANOUT.within(
            () ->
                List.of(
                    CompletableFuture.supplyAsync(() -> FANOUT.inner("common")).join(),
                    CompletableFuture.supplyAsync(() -> "x", pool)
                        .thenApplyAsync(x -> FANOUT.inner("then"), pool)
                        .join(),
                    CompletableFuture.runAsync(() -> { }, ForkJoinPool.commonPool())
                        .thenApplyAsync(x -> FANOUT.inner("common-then"))
                        .join()));

    assertNestedUnderOuter(3, seen);
  }

  @Test
  void aThreadStartedFromARequestRunsWithinIt() throws Exception {
    List<String> seen = new ArrayList<>();
    FANOUT.within(
        () -> {
          Thread thread = new Thread(() -> seen.add(FANOUT.inner("thread")));
          thread.start();
          join(thread);
          return null;
        });

    assertNestedUnderOuter(1, seen);
  }

  @Test
  void aThreadThatOverridesRunKeepsNoContextAside() {
    int before = AgentHooks.pendingContexts();
    CountDownLatch stop = new CountDownLatch(1);
    Thread own =
        new Thread() {
          @Override
          public void run() {
            await(stop);
          }
        };
    FANOUT.within(
        () -> {
          own.start();
          return null;
        });

    assertThat(AgentHooks.pendingContexts()).isEqualTo(before);
    stop.countDown();
    join(own);
  }

  @Test
  void virtualThreadsRunWithinTheRequest() throws Throwable {
    assumeThat(Runtime.version().feature())
        .as("virtual threads need JDK 21+; this JVM is " + Runtime.version())
        .isGreaterThanOrEqualTo(21);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    Object builder =
        lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(
            Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
    ThreadFactory factory =
        (ThreadFactory) lookup.findVirtual(builder.getClass().getInterfaces()[0], "factory",
            MethodType.methodType(ThreadFactory.class)).invoke(builder);
    ExecutorService perTask =
        (ExecutorService) lookup.findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
            MethodType.methodType(ExecutorService.class)).invoke();
    try {
      List<String> seen = new ArrayList<>();
      FANOUT.within(
          () -> {
            Thread virtual = factory.newThread(() -> seen.add(FANOUT.inner("virtual")));
            virtual.start();
            join(virtual);
            seen.add(get(perTask.submit(() -> FANOUT.inner("per-task"))));
            return null;
          });
      assertNestedUnderOuter(2, seen);
    } finally {
      perTask.shutdownNow();
    }
  }

  @Test
  void queuedTasksStayTheAppsOwnForRemoveShutdownNowAndPurge() throws Exception {
    ThreadPoolExecutor single =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>());
    CountDownLatch release = new CountDownLatch(1);
    single.execute(() -> await(release));
    Runnable plain = () -> { };
    Runnable kept = () -> { };
    FutureTask<String> future = new FutureTask<>(() -> "f");
    Future<?>[] submitted = new Future<?>[1];
    FANOUT.within(
        () -> {
          single.execute(plain);
          single.execute(kept);
          single.execute(future);
          submitted[0] = single.submit(() -> "s");
          return null;
        });
    BlockingQueue<Runnable> queue = single.getQueue();
    assertThat(queue).contains(future).hasSize(4);
    assertThat(queue).filteredOn(r -> r instanceof FutureTask).hasSize(2);

    assertThat(single.remove(plain)).isTrue();
    submitted[0].cancel(false);
    single.purge();
    assertThat(queue).hasSize(2);
    List<Runnable> left = single.shutdownNow();
    release.countDown();
    assertThat(left).containsExactly(kept, future);
  }

  @Test
  void cancellingAScheduledTaskRemovesItFromTheQueue() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    try {
      ScheduledFuture<?> scheduled =
          FANOUT.within(() -> scheduler.schedule(() -> { }, 1, TimeUnit.HOURS));
      assertThat(scheduler.getQueue()).containsExactly((Runnable) scheduled);
      scheduled.cancel(false);
      assertThat(scheduler.getQueue()).isEmpty();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aTaskIsCapturedOnceThroughAChainOfExecutors() {
    Runnable task = () -> { };
    Runnable[] wrapped = new Runnable[2];
    FANOUT.within(
        () -> {
          wrapped[0] = AgentHooks.wrapRunnable(task);
          wrapped[1] = AgentHooks.wrapRunnable(wrapped[0]);
          return null;
        });
    assertThat(wrapped[0]).isNotSameAs(task);
    assertThat(wrapped[1]).isSameAs(wrapped[0]);
    assertThat(AgentHooks.unwrapRunnable(wrapped[1])).isSameAs(task);
    assertThat(AgentHooks.wrapRunnable(task)).as("outside any request").isSameAs(task);
  }

  @Test
  void workThatRunsAfterTheRequestEndedIsNotJoinedToIt() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Future<String> late =
        FANOUT.within(
            () ->
                pool.submit(
                    () -> {
                      await(go);
                      return FANOUT.inner("late");
                    }));
    TaskObservation request = onlyTask();
    TestAgent.EVENTS.clear();
    go.countDown();

    late.get();
    assertThat(onlyTask()).isNotSameAs(request);
    assertThat(onlyTask().kind()).isEqualTo(TaskObservation.Kind.ROOT_PHASE);
  }

  @Test
  void aPhaseReturningAFutureEndsWhenTheFutureCompletes() {
    CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
    CompletableFuture<Map<String, Object>> returned =
        FANOUT.within(() -> FANOUT.async(answer));

    assertThat(returned).isSameAs(answer);
    assertThat(phases("async-step")).as("ended before its future completed").isEmpty();
    pool.execute(
        () -> answer.complete(Map.of("input_tokens", 3, "output_tokens", 4, "model", "m")));
    answer.join();

    PhaseObservation async = awaitPhase("async-step");
    assertThat(async.tokens().total()).isEqualTo(7);
    // outer returned the same future, so it too ends on completion, in its own callback
    assertThat(async.parent()).isSameAs(awaitPhase("outer"));
    assertThat(async.error()).isNull();
    assertThat(span("async-step").getParentSpanId()).isEqualTo(span("outer").getSpanId());
  }

  @Test
  void aPhaseWhoseFutureFailsEndsAsAnError() {
    CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
    FANOUT.within(() -> FANOUT.async(answer));
    IllegalStateException failure = new IllegalStateException("model down");
    pool.execute(() -> answer.completeExceptionally(failure));

    PhaseObservation async = awaitPhase("async-step");
    assertThat(async.error()).isSameAs(failure);
    assertThat(span("async-step").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  /** Every inner phase is a child of the one outer phase, and saw its request id in the MDC. */
  private static void assertNestedUnderOuter(int count, List<String> seen) {
    PhaseObservation outer = phase("outer");
    List<PhaseObservation> inner = phases("inner");
    assertThat(inner).hasSize(count);
    assertThat(inner).allSatisfy(p -> assertThat(p.parent()).isSameAs(outer));
    assertThat(inner).allSatisfy(p -> assertThat(p.agentType()).isEqualTo("orchestrator"));
    assertThat(seen).hasSize(count).allSatisfy(s -> assertThat(s).endsWith(":" + outer.requestId()));
    SpanData outerSpan = span("outer");
    assertThat(TestAgent.SPANS.getFinishedSpanItems())
        .filteredOn(s -> s.getName().equals("inner"))
        .hasSize(count)
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(outerSpan.getSpanId()));
    assertThat(onlyTask().kind()).isEqualTo(TaskObservation.Kind.ROOT_PHASE);
  }

  private static TaskObservation onlyTask() {
    List<TaskObservation> tasks =
        TestAgent.EVENTS.stream()
            .filter(TaskObservation.class::isInstance)
            .map(TaskObservation.class::cast)
            .collect(Collectors.toList());
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  private static PhaseObservation phase(String name) {
    List<PhaseObservation> found = phases(name);
    assertThat(found).as("phases " + name).hasSize(1);
    return found.get(0);
  }

  private static List<PhaseObservation> phases(String name) {
    return TestAgent.EVENTS.stream()
        .filter(PhaseObservation.class::isInstance)
        .map(PhaseObservation.class::cast)
        .filter(p -> p.phase().equals(name))
        .collect(Collectors.toList());
  }

  /** The completing thread ends the phase right after the app's future completes. */
  private static PhaseObservation awaitPhase(String name) {
    for (int i = 0; i < 500 && phases(name).isEmpty(); i++) {
      sleep();
    }
    return phase(name);
  }

  private static SpanData span(String name) {
    return TestAgent.SPANS.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name));
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A fork-join task whose own subtask is forked: both run the inner phase. */
  private static final class Inner extends RecursiveTask<String> {
    private final String label;

    Inner(String label) {
      this.label = label;
    }

    @Override
    protected String compute() {
      return FANOUT.inner(label);
    }
  }

  @SuppressWarnings("unused")
  private static <T> Callable<T> callable(Supplier<T> s) {
    return s::get;
  }
}
