/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The configured timeout of one export attempt, held by closing what the attempt waits on when it
 * passes. A socket's read timeout bounds each read only; a write has none, so a collector that
 * stops reading in the middle of a request (its buffers full, a process stopped with the
 * connection open) held a sender thread until TCP gave up, which, while the collector's kernel
 * still acknowledges, is never. Closing the socket from another thread is the one way the JDK
 * offers to end a blocked write.
 */
final class ExchangeDeadline implements Runnable, AutoCloseable {

  private final Duration timeout;
  private ScheduledFuture<?> alarm;
  private Closeable watched;
  private boolean passed;

  private ExchangeDeadline(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * The thread the deadlines of one sender pass on: started with its first export and gone after
   * a minute without one. Shut down, it still lets the deadlines of the exports in flight pass.
   */
  static ScheduledThreadPoolExecutor newTimer(String threadName) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1, task -> new SenderThreads.SenderThread(task, threadName));
    timer.setRemoveOnCancelPolicy(true);
    timer.setKeepAliveTime(SenderThreads.KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    return timer;
  }

  /** A deadline {@code timeout} from now; none if it is zero (OpenTelemetry's "no limit"). */
  static ExchangeDeadline start(ScheduledExecutorService timer, Duration timeout) {
    ExchangeDeadline deadline = new ExchangeDeadline(timeout);
    long nanos = timeout.toNanos();
    if (nanos > 0) {
      ScheduledFuture<?> alarm = timer.schedule(deadline, nanos, TimeUnit.NANOSECONDS);
      synchronized (deadline) {
        deadline.alarm = alarm;
      }
    }
    return deadline;
  }

  /** Closes {@code closeable} when the time is up, at once if it already is. */
  synchronized void watch(Closeable closeable) throws IOException {
    watched = closeable;
    if (passed) {
      closeable.close();
    }
  }

  /** Stops watching: a late alarm must not close a connection kept for the next export. */
  synchronized void release() {
    watched = null;
  }

  synchronized boolean passed() {
    return passed;
  }

  /**
   * What the attempt's failure {@code e} was: the deadline passing, if it did (the exception
   * closing the socket caused says "Socket closed", which names neither the collector nor the
   * timeout), else {@code e} itself.
   */
  IOException explain(IOException e, String export) {
    if (!passed()) {
      return e;
    }
    SocketTimeoutException timedOut =
        new SocketTimeoutException(export + " timed out after " + timeout.toMillis() + " ms");
    timedOut.initCause(e);
    return timedOut;
  }

  @Override
  public synchronized void run() {
    passed = true;
    if (watched != null) {
      try {
        watched.close();
      } catch (IOException ignored) {
        // closing is all that was wanted
      }
    }
  }

  /** The attempt is over: its alarm is cancelled. */
  @Override
  public synchronized void close() {
    watched = null;
    if (alarm != null) {
      alarm.cancel(false);
    }
  }
}
