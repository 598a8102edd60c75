/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.observation.SelfStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The warning lines that say telemetry was dropped: one per kind (log events, spans) and interval,
 * carrying the count since the last line and the total. A drop the user never hears of is a bug
 * report waiting to happen; a line per drop would flood the log that is already overflowing.
 */
final class DropReports {

  /**
   * How often the counts are read while nothing moves: the writer asks after every batch of lines,
   * and the span count is read from the SDK's meter, a collection of all its metrics.
   */
  static final long POLL_NANOS = 1_000_000_000L;

  private final Kind[] kinds;
  private final long intervalNanos;
  private final LongSupplier clock;
  private long last;
  private long lastPoll;

  DropReports(SelfStats stats, long intervalMillis) {
    this(stats, intervalMillis, System::nanoTime);
  }

  /** {@code clock}: nanoseconds, as {@link System#nanoTime}. */
  DropReports(SelfStats stats, long intervalMillis, LongSupplier clock) {
    this.clock = clock;
    this.kinds =
        new Kind[] {
          new Kind(
              "log_events_dropped",
              "Log events dropped: the log queue was full (raise log.queue.size)",
              stats::logEventsDropped),
          new Kind(
              "spans_dropped",
              "Spans dropped: the span export queue was full (raise otel.bsp.max.queue.size)",
              stats::spansDropped)
        };
    this.intervalNanos = Math.max(1, intervalMillis) * 1_000_000L;
    // the first drops are reported at once, later ones at most once per interval
    this.last = clock.getAsLong() - intervalNanos;
    this.lastPoll = clock.getAsLong() - POLL_NANOS;
  }

  /**
   * The lines due now: at most once per interval unless {@code now} (at close), and only for the
   * kinds whose count moved since their last line. The counts are read at most once per {@link
   * #POLL_NANOS} unless {@code now}.
   */
  List<LogEvent> due(boolean now) {
    long at = clock.getAsLong();
    if (!now && (at - last < intervalNanos || at - lastPoll < POLL_NANOS)) {
      return List.of();
    }
    lastPoll = at;
    List<LogEvent> due = new ArrayList<>(0);
    for (Kind kind : kinds) {
      LogEvent line = kind.reportIfMoved();
      if (line != null) {
        due.add(line);
      }
    }
    if (!due.isEmpty()) {
      last = at;
    }
    return due;
  }

  private static final class Kind {
    private final String event;
    private final String message;
    private final LongSupplier total;
    private long reported;

    Kind(String event, String message, LongSupplier total) {
      this.event = event;
      this.message = message;
      this.total = total;
    }

    LogEvent reportIfMoved() {
      long now = total.getAsLong();
      if (now == reported) {
        return null;
      }
      LogEvent line =
          new LogEvent(System.currentTimeMillis(), LogEvent.Level.WARN, "agent-obs", message,
              event, "", "", "", "dropped", now - reported, "dropped_total", now);
      reported = now;
      return line;
    }
  }
}
