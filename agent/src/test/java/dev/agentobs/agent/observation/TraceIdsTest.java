/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TraceIdsTest {

  private static final long[] EDGES = {
    0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123456789abcdefL, 0xfedcba9876543210L,
    0x9999999999999999L, 0xaaaaaaaaaaaaaaaaL, 0x0f0f0f0f0f0f0f0fL, 0xf0f0f0f0f0f0f0f0L,
    0x00000000ffffffffL, 0xffffffff00000000L
  };

  /** What the JDK writes for the same bits, zero-padded to 16 digits. */
  private static String expected(long bits) {
    String digits = Long.toHexString(bits);
    return "0".repeat(16 - digits.length()) + digits;
  }

  @Test
  void spanIdsAreTheSixteenLowerCaseDigitsTheJdkWrites() {
    for (long bits : EDGES) {
      assertThat(TraceIds.hex(bits)).as("%x", bits).isEqualTo(expected(bits));
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      long bits = random.nextLong();
      assertThat(TraceIds.hex(bits)).isEqualTo(expected(bits));
    }
  }

  @Test
  void traceIdsPutTheHighBitsFirst() {
    assertThat(TraceIds.hex(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(TraceIds.hex(0L, 1L)).isEqualTo("00000000000000000000000000000001");
  }

  @Test
  void putWritesSixteenBytesAtTheOffsetAndNothingAround() {
    for (int offset = 0; offset < 9; offset++) {
      byte[] bytes = new byte[offset + 16 + 3];
      Arrays.fill(bytes, (byte) '#');
      TraceIds.put(0xfedcba9876543210L, bytes, offset);
      String all = new String(bytes, StandardCharsets.US_ASCII);
      assertThat(all).isEqualTo("#".repeat(offset) + "fedcba9876543210" + "###");
    }
  }

  @Test
  void parseReadsBackWhatHexWrote() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      long bits = random.nextLong();
      assertThat(TraceIds.parse("x" + TraceIds.hex(bits), 1)).isEqualTo(bits);
      assertThat(TraceIds.parse(TraceIds.hex(bits).toUpperCase(), 0)).isEqualTo(bits);
    }
    assertThat(TraceIds.parse("00f067aa0ba902bg", 0)).isZero();
  }
}
