/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads OTLP requests are made on: the agent's own, few, and gone when idle. A request goes
 * to an idle sender thread if one is waiting, else to a new one, up to {@link #THREADS}; only then
 * does it queue. A plain pool of {@code THREADS} core threads starts a new thread for every request
 * until it has them all, and under steady load all five stayed although one export at a time was
 * the rule.
 */
final class SenderThreads {

  /** At most the in-flight exports {@link OverlappingExports} allows, and one spare for a flush. */
  static final int THREADS = OverlappingExports.MAX_IN_FLIGHT + 1;

  static final long KEEP_ALIVE_SECONDS = 60;

  private SenderThreads() {}

  static ExecutorService newExecutor(String namePrefix) {
    return newExecutor(namePrefix, THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
  }

  static ThreadPoolExecutor newExecutor(
      String namePrefix, int threads, long keepAlive, TimeUnit unit) {
    AtomicInteger count = new AtomicInteger();
    HandOffFirst queue = new HandOffFirst();
    return new ThreadPoolExecutor(
        0,
        threads,
        keepAlive,
        unit,
        queue,
        task -> new SenderThread(task, namePrefix + count.incrementAndGet()),
        (task, executor) -> {
          // all threads busy: the request waits for one (the exporters bound what is in flight)
          if (executor.isShutdown()) {
            throw new RejectedExecutionException("the sender is shut down");
          }
          queue.enqueue(task);
        });
  }

  /**
   * Takes a request only when an idle thread waits for it, so the pool starts a thread rather than
   * queue while it has fewer than its maximum; {@link #enqueue} is the queue behind them.
   */
  private static final class HandOffFirst extends LinkedTransferQueue<Runnable> {
    @Override
    public boolean offer(Runnable task) {
      return tryTransfer(task);
    }

    void enqueue(Runnable task) {
      super.offer(task);
    }
  }

  /**
   * The agent's own thread: the {@code HttpURLConnection} instrumentation leaves calls made on a
   * thread of an agent class alone, or exporting spans would make spans about exporting spans.
   */
  static final class SenderThread extends Thread {
    SenderThread(Runnable task, String name) {
      super(task, name);
      setDaemon(true);
    }
  }
}
