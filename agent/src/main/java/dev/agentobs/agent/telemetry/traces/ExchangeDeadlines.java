/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one sender's export attempts, looked at by one of the agent's threads a tenth of
 * the timeout apart (at most a second), so a deadline passes within that much after it is due. An
 * alarm scheduled per attempt woke that thread at every export, to wait again for the new earliest
 * alarm: hundreds of wake-ups a second under load (on the bench service, 2026-12-08 01:40 UTC, two
 * interleaved runs each, the sender threads' CPU went from 0.43–0.47 of the batch thread's to
 * 0.54–0.55, about 0.5 µs a request). Here an attempt costs a set insertion and removal, and the
 * thread one wake-up per look.
 */
final class ExchangeDeadlines {

  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long timeoutNanos;
  private final long tickNanos;
  private final String threadName;
  /** What an attempt is, for a timed-out one's message: "OTLP/HTTP export to …". */
  private final String export;
  private final Set<ExchangeDeadline> active = ConcurrentHashMap.newKeySet();
  private volatile ScheduledThreadPoolExecutor timer;
  private boolean shutdown;

  /** One export attempt, given its deadline to watch what it blocks on. */
  interface Attempt<T> {
    T run(ExchangeDeadline deadline) throws IOException;
  }

  /** {@code timeout} zero: no deadline (OpenTelemetry's "no limit"). */
  ExchangeDeadlines(Duration timeout, String threadName, String export) {
    this.timeoutNanos = Math.max(0, timeout.toNanos());
    this.tickNanos = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, timeoutNanos / 10));
    this.threadName = threadName;
    this.export = export;
  }

  /**
   * Runs {@code attempt} within the timeout. A failure the deadline caused (closing the socket
   * makes a write or read say "Socket closed", which names neither the collector nor the timeout)
   * is rethrown as the timeout it was.
   */
  <T> T within(Attempt<T> attempt) throws IOException {
    ExchangeDeadline deadline = start();
    try {
      return attempt.run(deadline);
    } catch (IOException e) {
      if (!deadline.passed()) {
        throw e;
      }
      SocketTimeoutException timedOut =
          new SocketTimeoutException(
              export + " timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
      timedOut.initCause(e);
      throw timedOut;
    } finally {
      deadline.close();
    }
  }

  private ExchangeDeadline start() {
    ExchangeDeadline deadline = new ExchangeDeadline(this, System.nanoTime() + timeoutNanos);
    if (timeoutNanos > 0) {
      active.add(deadline);
      if (timer == null) {
        startTimer();
      }
    }
    return deadline;
  }

  void ended(ExchangeDeadline deadline) {
    active.remove(deadline);
  }

  /** No more attempts: the thread ends once the deadlines of those in flight are gone. */
  synchronized void shutdown() {
    shutdown = true;
    if (timer != null && active.isEmpty()) {
      timer.shutdown();
    }
  }

  private synchronized void startTimer() {
    if (timer != null || shutdown) {
      return;
    }
    ScheduledThreadPoolExecutor started =
        new ScheduledThreadPoolExecutor(
            1, task -> new SenderThreads.SenderThread(task, threadName));
    started.scheduleWithFixedDelay(this::look, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    timer = started;
  }

  private void look() {
    long now = System.nanoTime();
    for (ExchangeDeadline deadline : active) {
      if (deadline.dueBy(now)) {
        deadline.pass();
      }
    }
    synchronized (this) {
      if (shutdown && active.isEmpty()) {
        timer.shutdown();
      }
    }
  }
}
