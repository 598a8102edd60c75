/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentobs.bootstrap.AgentPhase;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A service that fans each request's work out to other threads, run in source-file mode by
 * ContextAcrossThreadsIT and ContextLeakIT with the agent attached:
 *
 * <pre>
 * java -javaagent:agent-obs.jar=... -cp agent-obs-bootstrap.jar FanOutService.java PORT
 * </pre>
 *
 * <ul>
 *   <li>{@code GET /fanout/<way>}: runs the {@code step} phase four times through one way of
 *       handing work to other threads (see {@link #fanOut}); answers how many steps ran.
 *   <li>{@code GET /outside/<way>}: the same, but started from a thread of the probe's own, outside
 *       any request, on the same pools: each step must be a root task of its own.
 *   <li>{@code GET /burst?tasks=N}: N trivial tasks through the pools (and virtual threads on JDK
 *       21+) within the request; {@code GET /heap}: used heap after full collections, in bytes.
 * </ul>
 *
 * Pools are created at start, outside any request, and reused by every request.
 */
public class FanOutService {

  static final int STEPS = 4;
  static final ExecutorService POOL = Executors.newFixedThreadPool(2);
  static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(1);
  static final ForkJoinPool FORK_JOIN = new ForkJoinPool(2);
  static final AtomicLong RAN = new AtomicLong();

  @AgentPhase(value = "step", agent = "worker")
  static Map<String, Object> step(String label) {
    return Map.of("model", "m", "input_tokens", 1, "output_tokens", 2, "label", label);
  }

  @AgentPhase(value = "async-step", agent = "worker")
  static CompletableFuture<Map<String, Object>> asyncStep(String label) {
    return CompletableFuture.supplyAsync(() -> step(label), POOL);
  }

  static int fanOut(String way) throws Exception {
    List<Object> done = new ArrayList<>();
    switch (way) {
      case "executor":
        for (int i = 0; i < STEPS / 2; i++) {
          done.add(POOL.submit(() -> step("submit")).get());
          CountDownLatch ran = new CountDownLatch(1);
          POOL.execute(() -> { step("execute"); ran.countDown(); });
          ran.await();
          done.add(ran);
        }
        break;
      case "scheduled":
        for (int i = 0; i < STEPS; i++) {
          done.add(SCHEDULER.schedule(() -> step("scheduled"), 2, TimeUnit.MILLISECONDS).get());
        }
        break;
      case "fork-join":
        done.add(FORK_JOIN.submit(() -> step("fork-join")).get());
        done.add(ForkJoinPool.commonPool().submit(() -> step("common")).get());
        done.addAll(
            IntStream.range(0, STEPS - 2).parallel().mapToObj(i -> step("stream"))
                .collect(Collectors.toList()));
        break;
      case "completable-future":
        done.add(CompletableFuture.supplyAsync(() -> step("supply")).get());
        done.add(CompletableFuture.supplyAsync(() -> "x", POOL)
            .thenApplyAsync(x -> step("then"), POOL).get());
        done.add(CompletableFuture.runAsync(() -> { }).thenApplyAsync(x -> step("then-common")).get());
        done.add(asyncStep("async").get());
        break;
      case "thread":
        for (int i = 0; i < STEPS; i++) {
          Thread thread = new Thread(() -> step("thread"));
          thread.start();
          thread.join();
          done.add(thread);
        }
        break;
      case "virtual":
        ThreadFactory factory = virtualThreadFactory();
        ExecutorService perTask = newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < STEPS / 2; i++) {
          Thread thread = factory.newThread(() -> step("virtual"));
          thread.start();
          thread.join();
          done.add(thread);
          done.add(perTask.submit(() -> step("per-task")).get());
        }
        perTask.shutdown();
        break;
      default:
        throw new IllegalArgumentException("no way " + way);
    }
    return done.size();
  }

  static void burst(int tasks) throws Exception {
    boolean virtual = Runtime.version().feature() >= 21;
    ExecutorService perTask = virtual ? newVirtualThreadPerTaskExecutor() : null;
    int ways = virtual ? 4 : 3;
    CountDownLatch all = new CountDownLatch(tasks);
    Runnable task = () -> { RAN.incrementAndGet(); all.countDown(); };
    // one task in a thousand runs a phase: the proof that these tasks do carry the request
    Runnable observed = () -> { step("burst"); RAN.incrementAndGet(); all.countDown(); };
    for (int i = 0; i < tasks; i++) {
      Runnable next = i % 1000 == 0 ? observed : task;
      switch (i % ways) {
        case 0: POOL.execute(next); break;
        case 1: POOL.submit(next); break;
        case 2: FORK_JOIN.execute(next); break;
        default: perTask.execute(next);
      }
    }
    all.await();
    if (perTask != null) {
      perTask.shutdown();
      perTask.awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  static long heapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Thread.ofVirtual().factory(), reached by method handles so this compiles on JDK 17. */
  static ThreadFactory virtualThreadFactory() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      Object builder =
          lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual)).invoke();
      return (ThreadFactory)
          lookup.findVirtual(ofVirtual, "factory", MethodType.methodType(ThreadFactory.class))
              .invoke(builder);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static ExecutorService newVirtualThreadPerTaskExecutor() {
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/fanout/", exchange -> answer(exchange, () ->
        Integer.toString(fanOut(last(exchange)))));
    // a thread of the probe's own, fed through a plain queue: what it runs is no request's work
    LinkedBlockingQueue<Runnable> outside = new LinkedBlockingQueue<>();
    Thread outsider = new Thread(() -> {
      while (true) {
        try {
          outside.take().run();
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "outside-any-request");
    outsider.setDaemon(true);
    outsider.start();
    server.createContext("/outside/", exchange -> answer(exchange, () -> {
      String way = last(exchange);
      CompletableFuture<Integer> ran = new CompletableFuture<>();
      outside.put(() -> {
        try {
          ran.complete(fanOut(way));
        } catch (Throwable t) {
          ran.completeExceptionally(t);
        }
      });
      return Integer.toString(ran.get());
    }));
    server.createContext("/burst", exchange -> answer(exchange, () -> {
      int tasks = Integer.parseInt(exchange.getRequestURI().getQuery().substring("tasks=".length()));
      burst(tasks);
      return Long.toString(RAN.get());
    }));
    server.createContext("/heap", exchange -> answer(exchange, () ->
        Long.toString(heapAfterGc()) + " " + dev.agentobs.bootstrap.AgentHooks.pendingContexts()));
    server.start();
    System.err.println("FanOutService: listening on " + args[0] + " on JDK " + Runtime.version());
  }

  static String last(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static void answer(HttpExchange exchange, Callable<String> body) throws IOException {
    int status = 200;
    String text;
    try {
      text = body.call();
    } catch (Exception e) {
      status = 500;
      text = e.toString();
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
