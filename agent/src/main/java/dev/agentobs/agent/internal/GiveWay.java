/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.internal;

import java.util.function.LongSupplier;

/**
 * Lets a background thread's long loop (writing a batch of log lines, encoding a batch of spans)
 * offer its CPU to waiting threads every so many items, while it keeps up. Linux's scheduler lets a
 * running thread finish its slice before a thread woken on the same CPU runs, and does not move a
 * thread that ran there a moment ago to a CPU that just went idle: on two cores, the app's request
 * threads, its HTTP dispatcher and the load generator queued for a millisecond behind a batch while
 * the other core sat idle ({@code perf sched}, bench service, 2026-11-28). {@link Thread#yield()}
 * is a system call that returns at once when nothing waits.
 *
 * <p>Giving way is for a thread that keeps up: each turn may put it behind every thread waiting
 * for the CPU, and on a saturated machine turns every few dozen microseconds starved the span
 * encoder and the log writer until their queues overflowed (the 14:59 side-by-side run of
 * 2026-11-28 dropped 0.3–0.5 % of spans and, in one round, 1,307 log lines). So no turn is offered
 * while the items at hand are already {@link #LATE_MILLIS} old: the thread then takes its full
 * share until it has caught up.
 *
 * <p>What it changed, measured: README, "The agent's threads give way to the app's". One instance
 * per thread; not thread-safe.
 */
public final class GiveWay {

  /**
   * Items between two turns: a log line renders in ~0.3 µs and a span encodes in ~0.4, so some 150
   * to 200 µs of work. 128 at first; 512 measured better on the bench service (2026-12-07, JDK 17,
   * 2 cores, 6 interleaved rounds of 20 s + 15 s each): p99 4.55 → 4.02 ms, process CPU 56.2 →
   * 54.9 µs a request, throughput unchanged (26,166 and 25,928 req/s): each turn is a system call
   * and, with a thread waiting, two context switches.
   */
  public static final int ITEMS = 512;

  /**
   * How old an item may be for its thread to still give way: lines wait for the writer's 5 ms
   * gathering pause, and under load a batch of spans fills in tens of milliseconds.
   */
  public static final long LATE_MILLIS = 50;

  private final int items;
  private final long lateMillis;
  private final Runnable turn;
  private final LongSupplier clockMillis;
  private int done;

  public GiveWay() {
    this(ITEMS, LATE_MILLIS, Thread::yield, System::currentTimeMillis);
  }

  /** For tests: {@code turn} is what giving way does, {@code clockMillis} what time it is. */
  GiveWay(int items, long lateMillis, Runnable turn, LongSupplier clockMillis) {
    this.items = items;
    this.lateMillis = lateMillis;
    this.turn = turn;
    this.clockMillis = clockMillis;
  }

  /**
   * One item done, which was queued (or happened) at {@code itemEpochMillis}; every {@code items}th
   * gives way unless that item is late.
   */
  public void itemDone(long itemEpochMillis) {
    if (++done >= items) {
      done = 0;
      if (clockMillis.getAsLong() - itemEpochMillis < lateMillis) {
        turn.run();
      }
    }
  }
}
