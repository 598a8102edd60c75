/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SenderThreadsTest {

  private ThreadPoolExecutor executor;

  @AfterEach
  void stop() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  @Test
  void oneRequestAtATimeIsMadeOnOneThread() throws Exception {
    executor = SenderThreads.newExecutor("probe-", 5, 60, TimeUnit.SECONDS);
    LinkedTransferQueue<Runnable> queue = (LinkedTransferQueue<Runnable>) executor.getQueue();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 20; i++) {
      executor.submit(() -> threads.add(Thread.currentThread().getName())).get();
      // the thread is back waiting for work before the next request comes
      await(queue::hasWaitingConsumer);
    }
    assertThat(threads).containsExactly("probe-1");
    assertThat(executor.getLargestPoolSize()).isEqualTo(1);
  }

  @Test
  void overlappingRequestsGetThreadsUpToTheMaximumThenWait() throws Exception {
    executor = SenderThreads.newExecutor("probe-", 3, 60, TimeUnit.SECONDS);
    CountDownLatch release = new CountDownLatch(1);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Future<?>> requests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      requests.add(
          executor.submit(
              () -> {
                threads.add(Thread.currentThread().getName());
                release.await();
                return null;
              }));
    }
    await(() -> executor.getActiveCount() == 3);
    assertThat(executor.getPoolSize()).isEqualTo(3);
    assertThat(executor.getQueue()).hasSize(2);

    release.countDown();
    for (Future<?> request : requests) {
      request.get(10, TimeUnit.SECONDS);
    }
    assertThat(threads).containsExactlyInAnyOrder("probe-1", "probe-2", "probe-3");
  }

  @Test
  void idleThreadsEnd() throws Exception {
    executor = SenderThreads.newExecutor("probe-", 3, 20, TimeUnit.MILLISECONDS);
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 3; i++) {
      executor.execute(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    await(() -> executor.getPoolSize() == 3);
    release.countDown();
    await(() -> executor.getPoolSize() == 0);
  }

  @Test
  void aRequestAfterShutdownIsRefused() {
    executor = SenderThreads.newExecutor("probe-", 2, 60, TimeUnit.SECONDS);
    executor.shutdown();
    assertThatThrownBy(() -> executor.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
