/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.internal.GiveWay;
import dev.agentobs.agent.observation.SelfStats;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;

/**
 * A bounded queue and one daemon thread that writes JSON lines. App threads only {@link #offer},
 * without a lock: an {@code ArrayBlockingQueue}'s lock, held by the writer while it took a batch,
 * parked request threads in profiles of the bench service. When the queue is full the event is
 * dropped and counted, never waited for, and the writer reports the count in the log itself
 * ({@code log_events_dropped}, and {@code spans_dropped} for the span queue) at most once per
 * report interval. Flushed on close; after it, lines are written on the offering thread, so
 * nothing is lost at exit.
 */
final class AsyncLogWriter {

  /**
   * Lines written per wake-up at most; a full batch is followed at once by the next, so this bounds
   * memory, not throughput.
   */
  private static final int MAX_BATCH = 4096;

  /**
   * How long lines gather between two writes under load. Each wake-up costs the writer a context
   * switch and a write call whatever the number of lines: measured on the bench service at ~9,000
   * requests/s (2026-11-28, JDK 17, 2 cores), 5 ms rather than 1 ms took its thread from 9.4 to 7.9
   * µs a request (means of 4 runs each); 10 ms gained nothing more. Lines reach the output at most
   * this much later.
   */
  private static final long GATHER_NANOS = 5_000_000L;

  /**
   * How long an idle writer sleeps unless a line wakes it: the pace of its drop reports when
   * nothing is logged.
   */
  private static final long IDLE_NANOS = 100_000_000L;

  // one consumer: the writer thread, or whoever closes it, both under this object's lock
  private final MpscVarHandleArrayQueue<LogEvent> queue;
  private final int capacity;
  private final List<LogEvent> batch;
  private final MessagePassingQueue.Consumer<LogEvent> toBatch;
  private final JsonLineWriter lines;
  private final OutputStream out;
  private final SelfStats stats;
  private final Thread thread;
  private final DropReports dropReports;
  // a batch is up to 4,096 lines, milliseconds of rendering: app threads get turns within it
  private final GiveWay giveWay = new GiveWay();
  private final int maxBatch;
  private final long gatherNanos;
  private final long idleNanos;
  private volatile boolean closed;
  // set while the writer sleeps with nothing to write: the next offer wakes it
  private volatile boolean idle;

  AsyncLogWriter(int capacity, JsonLineWriter lines, OutputStream out, SelfStats stats) {
    this(capacity, lines, out, stats, 10_000);
  }

  AsyncLogWriter(
      int capacity,
      JsonLineWriter lines,
      OutputStream out,
      SelfStats stats,
      long dropReportMillis) {
    this(capacity, lines, out, stats, dropReportMillis, MAX_BATCH, GATHER_NANOS, IDLE_NANOS);
  }

  AsyncLogWriter(
      int capacity,
      JsonLineWriter lines,
      OutputStream out,
      SelfStats stats,
      long dropReportMillis,
      int maxBatch,
      long gatherNanos,
      long idleNanos) {
    this.maxBatch = maxBatch;
    this.gatherNanos = gatherNanos;
    this.idleNanos = idleNanos;
    this.dropReports = new DropReports(stats, dropReportMillis);
    this.capacity = Math.max(capacity, 16);
    this.queue = new MpscVarHandleArrayQueue<>(this.capacity);
    this.batch = new ArrayList<>(maxBatch);
    this.toBatch = batch::add;
    this.lines = lines;
    this.out = new BufferedOutputStream(out, 64 * 1024);
    this.stats = stats;
    this.thread = new Thread(this::run, "agent-obs-log-writer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void offer(LogEvent event) {
    if (closed) {
      // the JVM is exiting and the writer thread is done: a request that ends during the other
      // shutdown steps (a span flush to a slow collector takes seconds) still gets its line, written
      // here, since nothing else will write it and the app is stopping anyway
      writeAll(List.of(event));
      return;
    }
    // the array rounds its size up to a power of two: the threshold keeps log.queue.size exact
    if (!queue.offerIfBelowThreshold(event, capacity)) {
      stats.logEventDropped();
      AgentLog.warnOnce(
          "log-drop",
          "log queue full: events are being dropped and counted in"
              + " agent_obs_log_events_dropped_total (raise log.queue.size)");
    } else if (idle) {
      LockSupport.unpark(thread);
    }
  }

  private void run() {
    while ((!closed || !queue.isEmpty()) && !Thread.currentThread().isInterrupted()) {
      reportDrops(false);
      int written = writeBatch();
      if (written == 0) {
        awaitLines();
      } else if (written < maxBatch) {
        // let the next lines gather: under load this makes one wake-up and one write per few
        // milliseconds instead of one per line, and app threads never wait for it
        LockSupport.parkNanos(gatherNanos);
      }
    }
    drain();
  }

  /** Takes up to a batch of lines off the queue and writes them; how many it wrote. */
  private synchronized int writeBatch() {
    queue.drain(toBatch, maxBatch);
    int taken = batch.size();
    if (taken > 0) {
      writeAll(batch);
      batch.clear();
    }
    return taken;
  }

  /**
   * Sleeps until an offer wakes it (or the idle pause passed). The flag is set before the queue is
   * looked at again, so a line offered meanwhile is either seen here or wakes the thread.
   */
  private void awaitLines() {
    idle = true;
    if (queue.isEmpty() && !closed) {
      LockSupport.parkNanos(this, idleNanos);
    }
    idle = false;
  }

  private synchronized void writeAll(List<LogEvent> events) {
    for (LogEvent event : events) {
      giveWay.itemDone(event.epochMillis);
      try {
        lines.write(event, out);
      } catch (IOException | RuntimeException | LinkageError | StackOverflowError
          | AssertionError e) {
        // the line is lost, not the writer: an app's exception, read here for its message, may
        // throw anything from getMessage()
        stats.internalError();
        AgentLog.debugOnce("log-write", "could not write a log line: " + e);
      }
    }
    try {
      out.flush();
    } catch (IOException e) {
      AgentLog.debugOnce("log-flush", "could not flush logs: " + e);
    }
  }

  private synchronized void drain() {
    while (writeBatch() > 0) {
      // until the queue is empty
    }
    reportDrops(true);
  }

  /** Writes the lines saying what was dropped since the last such lines, if anything was. */
  private synchronized void reportDrops(boolean now) {
    List<LogEvent> due = dropReports.due(now);
    if (!due.isEmpty()) {
      writeAll(due);
    }
  }

  /** Stops accepting events, writes what is queued, and waits briefly for the writer. */
  void close() {
    closed = true;
    // not to wait out the gathering pause
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive() || !queue.isEmpty()) {
      drain();
    }
  }
}
