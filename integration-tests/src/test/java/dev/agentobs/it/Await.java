/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polling for signals that arrive asynchronously (batched spans, async log writer, metrics recorded
 * after the response was flushed).
 */
final class Await {

  private static final long POLL_MILLIS = 100;

  /**
   * Polls {@code supplier} until {@code done} accepts its value or {@code timeout} passes, and
   * returns the last value either way: callers assert on it, so a timeout shows up as a precise
   * assertion failure on real data instead of a bare "timed out".
   */
  static <T> T pollUntil(Duration timeout, Supplier<T> supplier, Predicate<? super T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = supplier.get();
    while (!done.test(value) && System.nanoTime() < deadline) {
      sleep(Duration.ofMillis(POLL_MILLIS));
      value = supplier.get();
    }
    return value;
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  private Await() {}
}
