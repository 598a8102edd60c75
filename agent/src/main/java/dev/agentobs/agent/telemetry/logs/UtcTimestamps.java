/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats epoch milliseconds as {@code 2025-12-05T10:30:00.123Z}. {@code DateTimeFormatter}
 * prints the fraction through {@code BigDecimal}, which profiling showed as a large share of the
 * log writer's CPU; this keeps the date-time part of the current second and appends the millis.
 * Single-threaded, like the writer that owns it.
 */
final class UtcTimestamps {

  private final char[] chars = "0000-00-00T00:00:00.000Z".toCharArray();
  private long cachedSecond = Long.MIN_VALUE;

  String format(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000L);
    if (second != cachedSecond) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
      put(0, t.getYear(), 4);
      put(5, t.getMonthValue(), 2);
      put(8, t.getDayOfMonth(), 2);
      put(11, t.getHour(), 2);
      put(14, t.getMinute(), 2);
      put(17, t.getSecond(), 2);
      cachedSecond = second;
    }
    put(20, (int) Math.floorMod(epochMillis, 1000L), 3);
    return new String(chars);
  }

  private void put(int offset, int value, int digits) {
    for (int i = offset + digits - 1; i >= offset; i--) {
      chars[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
