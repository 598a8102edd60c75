/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcTimestampsTest {

  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void agreesWithDateTimeFormatterAcrossSecondsAndDays() {
    UtcTimestamps timestamps = new UtcTimestamps();
    SplittableRandom random = new SplittableRandom(42);
    long t = 1764930600000L;
    for (int i = 0; i < 100_000; i++) {
      // mostly small steps (the cache path), sometimes big jumps (a new second, day, year)
      t += random.nextInt(10) == 0 ? random.nextLong(400L * 24 * 3600 * 1000) : random.nextInt(700);
      assertThat(timestamps.format(t)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(t)));
    }
  }

  @Test
  void goingBackInTimeIsFormattedToo() {
    UtcTimestamps timestamps = new UtcTimestamps();
    assertThat(timestamps.format(1764930601000L)).isEqualTo("2025-12-05T10:30:01.000Z");
    assertThat(timestamps.format(1764930600999L)).isEqualTo("2025-12-05T10:30:00.999Z");
    assertThat(timestamps.format(0L)).isEqualTo("1970-01-01T00:00:00.000Z");
  }
}
