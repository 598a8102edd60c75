/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats epoch milliseconds as {@code 2025-12-05T10:30:00.123Z}. {@code DateTimeFormatter}
 * prints the fraction through {@code BigDecimal}, which profiling showed as a large share of the
 * log writer's CPU; this keeps the date-time part of the current second and appends the millis.
 * Single-threaded, like the writer that owns it.
 */
final class UtcTimestamps {

  /** The quoted JSON string, as bytes: the date-time at offset 1. */
  private final byte[] quoted = "\"0000-00-00T00:00:00.000Z\"".getBytes(StandardCharsets.US_ASCII);
  private long cachedSecond = Long.MIN_VALUE;

  String format(long epochMillis) {
    return new String(quoted(epochMillis), 1, quoted.length - 2, StandardCharsets.US_ASCII);
  }

  /**
   * {@code epochMillis} as a quoted JSON string's bytes, in an array this reuses: valid until the
   * next call.
   */
  byte[] quoted(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000L);
    if (second != cachedSecond) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
      put(1, t.getYear(), 4);
      put(6, t.getMonthValue(), 2);
      put(9, t.getDayOfMonth(), 2);
      put(12, t.getHour(), 2);
      put(15, t.getMinute(), 2);
      put(18, t.getSecond(), 2);
      cachedSecond = second;
    }
    put(21, (int) Math.floorMod(epochMillis, 1000L), 3);
    return quoted;
  }

  private void put(int offset, int value, int digits) {
    for (int i = offset + digits - 1; i >= offset; i--) {
      quoted[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
