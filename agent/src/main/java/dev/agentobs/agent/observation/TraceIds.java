/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import java.nio.charset.StandardCharsets;

/** W3C trace and span ids as lower-case hex, the form logs, headers and OTLP's API use. */
public final class TraceIds {

  private static final byte[] DIGITS = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  /** A 32-character trace id. */
  public static String hex(long high, long low) {
    byte[] digits = new byte[32];
    put(high, digits, 0);
    put(low, digits, 16);
    return new String(digits, StandardCharsets.ISO_8859_1);
  }

  /** A 16-character span id. */
  public static String hex(long bits) {
    byte[] digits = new byte[16];
    put(bits, digits, 0);
    return new String(digits, StandardCharsets.ISO_8859_1);
  }

  /** {@code bits} as 16 lower-case hex digits (ASCII) into {@code bytes} from {@code offset}. */
  public static void put(long bits, byte[] bytes, int offset) {
    for (int i = offset + 15; i >= offset; i--) {
      bytes[i] = DIGITS[(int) (bits & 0xF)];
      bits >>>= 4;
    }
  }

  /**
   * Parses 16 hex characters of {@code s} from {@code offset}; returns 0 (the invalid id) if any is
   * not a lower- or upper-case hex digit.
   */
  public static long parse(CharSequence s, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 16; i++) {
      int digit = Character.digit(s.charAt(i), 16);
      if (digit < 0) {
        return 0;
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  private TraceIds() {}
}
