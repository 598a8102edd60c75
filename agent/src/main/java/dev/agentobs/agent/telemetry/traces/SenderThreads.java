/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads OTLP requests are made on: the agent's own, few, and gone when idle. */
final class SenderThreads {

  /** At most the in-flight exports {@link OverlappingExports} allows, and one spare for a flush. */
  static final int THREADS = OverlappingExports.MAX_IN_FLIGHT + 1;

  private SenderThreads() {}

  static ExecutorService newExecutor(String namePrefix) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> new SenderThread(task, namePrefix + count.incrementAndGet()));
    executor.allowCoreThreadTimeOut(true);
    return executor;
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
