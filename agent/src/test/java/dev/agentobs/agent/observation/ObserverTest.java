/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class ObserverTest {

  private final SelfStats stats = new SelfStats();
  private final List<String> events = new ArrayList<>();
  private final ObservationListener recorder =
      new ObservationListener() {
        @Override
        public void onTaskStart(TaskObservation task) {
          events.add("task_start " + task.name());
        }

        @Override
        public void onTaskEnd(TaskObservation task) {
          events.add("task_end " + task.name() + " " + task.statusCode());
        }

        @Override
        public void onPhaseStart(PhaseObservation phase) {
          events.add("phase_start " + phase.phase() + " " + phase.agentType());
        }

        @Override
        public void onPhaseEnd(PhaseObservation phase) {
          events.add("phase_end " + phase.phase());
        }

        @Override
        public void onCacheLookup(CacheLookup lookup) {
          events.add("cache " + lookup.hit());
        }
      };

  @Test
  void eventsBeforeActivationAreReplayedInOrderThenDeliveredDirectly() {
    Observer observer = new Observer(stats);
    runRequest(observer, "POST /a");
    assertThat(events).isEmpty();

    observer.activate(List.of(recorder));
    assertThat(events)
        .containsExactly(
            "task_start POST /a",
            "phase_start planning planner",
            "cache false",
            "phase_end planning",
            "task_end POST /a 200");

    events.clear();
    runRequest(observer, "POST /b");
    assertThat(events).hasSize(5).first().isEqualTo("task_start POST /b");
  }

  @Test
  void replayedObservationsKeepTheirOwnTiming() throws InterruptedException {
    Observer observer = new Observer(stats);
    List<Long> durations = new ArrayList<>();
    TaskObservation task = observer.startTask(http("POST /t"));
    Thread.sleep(30);
    observer.endTask(task, 200, null);
    Thread.sleep(50);
    observer.activate(
        List.of(
            new ObservationListener() {
              @Override
              public void onTaskEnd(TaskObservation t) {
                durations.add(t.durationMillis());
              }
            }));
    assertThat(durations).singleElement().satisfies(d -> assertThat(d).isBetween(30L, 79L));
  }

  @Test
  void startupBufferIsBoundedAndDropsAreCounted() {
    Observer observer = new Observer(stats);
    for (int i = 0; i < Observer.STARTUP_BUFFER_LIMIT + 10; i++) {
      observer.cacheLookup("c", true);
    }
    assertThat(stats.startupEventsDropped()).isEqualTo(10);
    observer.activate(List.of(recorder));
    assertThat(events).hasSize(Observer.STARTUP_BUFFER_LIMIT);
  }

  @Test
  void theAppDoesNotWaitForTheReplayAndWhatItDoesMeanwhileFollowsInOrder() throws Exception {
    Observer observer = new Observer(stats);
    for (int i = 0; i < Observer.REPLAY_UNDER_LOCK + 1; i++) {
      observer.cacheLookup("before", i % 2 == 0);
    }
    CountDownLatch replaying = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    ObservationListener slowSignal =
        new ObservationListener() {
          @Override
          public void onCacheLookup(CacheLookup lookup) {
            if (delivered.isEmpty()) {
              replaying.countDown();
              await(release);
            }
            delivered.add(lookup.cache());
          }
        };
    Thread signalsThread = new Thread(() -> observer.activate(List.of(slowSignal)));
    signalsThread.start();
    assertThat(replaying.await(10, TimeUnit.SECONDS)).isTrue();

    // the signal is stuck in the replay: an app thread's events are buffered, not held up
    CompletableFuture<Void> appThread =
        CompletableFuture.runAsync(() -> observer.cacheLookup("during", true));
    appThread.get(10, TimeUnit.SECONDS);
    release.countDown();
    signalsThread.join(10_000);
    observer.cacheLookup("after", true);

    assertThat(delivered).hasSize(Observer.REPLAY_UNDER_LOCK + 3);
    assertThat(delivered.subList(0, Observer.REPLAY_UNDER_LOCK + 1)).containsOnly("before");
    assertThat(delivered.subList(Observer.REPLAY_UNDER_LOCK + 1, delivered.size()))
        .containsExactly("during", "after");
  }

  @Test
  void anAppFasterThanTheReplayWaitsOnlyForItsLastRound() throws Exception {
    Observer observer = new Observer(stats);
    int round = Observer.REPLAY_UNDER_LOCK + 1;
    addLookups(observer, round);
    List<Thread> appThreads = new ArrayList<>();
    List<Thread> deliveredOn = Collections.synchronizedList(new ArrayList<>());
    ObservationListener signal =
        new ObservationListener() {
          @Override
          public void onCacheLookup(CacheLookup lookup) {
            int index = deliveredOn.size() / round;
            if (deliveredOn.size() % round == 0 && index < Observer.REPLAY_ROUNDS) {
              // each round, the app buffers more than a round may leave for the last one
              Thread app = new Thread(() -> addLookups(observer, round));
              app.start();
              appThreads.add(app);
              // in the last round the app must wait for the lock: a second is time enough to
              // see it would not (its events would then be replayed, on this thread)
              join(app, index < Observer.REPLAY_ROUNDS - 1 ? 10_000 : 1_000);
            }
            deliveredOn.add(Thread.currentThread());
          }
        };
    CompletableFuture<Void> activation =
        CompletableFuture.runAsync(() -> observer.activate(List.of(signal)));

    activation.get(10, TimeUnit.SECONDS);
    for (Thread app : List.copyOf(appThreads)) {
      join(app);
    }
    assertThat(deliveredOn).hasSize(round * (Observer.REPLAY_ROUNDS + 1));
    // the last round was replayed under the lock: the app's thread waited, then delivered its own
    Thread last = appThreads.get(appThreads.size() - 1);
    assertThat(deliveredOn.subList(round * Observer.REPLAY_ROUNDS, deliveredOn.size()))
        .containsOnly(last);
  }

  private static void addLookups(Observer observer, int count) {
    for (int i = 0; i < count; i++) {
      observer.cacheLookup("c", true);
    }
  }

  private static void join(Thread thread) {
    join(thread, 10_000);
  }

  private static void join(Thread thread, long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aFinishedRequestLeavesNothingOnTheThread() {
    Observer observer = new Observer(List.of(recorder), stats);
    runRequest(observer, "GET /x");
    assertThat(observer.current()).isNull();
  }

  @Test
  void aFailingSignalIsCountedAndTheOthersStillRun() {
    ObservationListener broken =
        new ObservationListener() {
          @Override
          public void onTaskStart(TaskObservation task) {
            throw new IllegalStateException("signal bug");
          }
        };
    Observer observer = new Observer(List.of(broken, recorder), stats);
    runRequest(observer, "GET /y");
    assertThat(stats.internalErrors()).isEqualTo(1);
    assertThat(events).first().isEqualTo("task_start GET /y");
  }

  private void runRequest(Observer observer, String name) {
    TaskObservation task = observer.startTask(http(name));
    Observer.PhaseScope phase = observer.startPhase("planning", "planner", "C", "C.m");
    observer.cacheLookup("results", false);
    observer.endPhase(phase, null, null);
    observer.endTask(task, 200, null);
  }

  @Test
  void exitWaitsForARequestStillInProgressAndOnlyBoundedly() throws Exception {
    Observer observer = new Observer(stats);
    observer.activate(List.of(recorder));
    TaskObservation task = observer.startTask(http("POST /last"));
    observer.suspendTask(task);

    assertThat(observer.awaitTasksEnded(50)).as("a request still in progress").isFalse();

    // the request's thread returns from its handler while exit waits
    Thread handler =
        new Thread(
            () -> {
              LockSupport.parkNanos(100_000_000L);
              observer.endSuspendedTask(task, 200, null);
            });
    handler.start();
    assertThat(observer.awaitTasksEnded(10_000)).isTrue();
    assertThat(events).contains("task_end POST /last 200");
    handler.join();

    TaskObservation other = observer.startTask(http("GET /other"));
    observer.endTask(other, 200, null);
    assertThat(observer.awaitTasksEnded(0)).as("nothing in flight").isTrue();
  }

  private static TaskObservation http(String name) {
    String[] parts = name.split(" ");
    return TaskObservation.httpServer("r", parts[0], parts[1], parts[1], null, null, null);
  }
}
