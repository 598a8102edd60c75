/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

/** W3C trace and span ids as lower-case hex, the form logs, headers and OTLP's API use. */
public final class TraceIds {

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  /** A 32-character trace id. */
  public static String hex(long high, long low) {
    char[] chars = new char[32];
    put(high, chars, 0);
    put(low, chars, 16);
    return new String(chars);
  }

  /** A 16-character span id. */
  public static String hex(long bits) {
    char[] chars = new char[16];
    put(bits, chars, 0);
    return new String(chars);
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

  private static void put(long bits, char[] chars, int offset) {
    for (int i = offset + 15; i >= offset; i--) {
      chars[i] = DIGITS[(int) (bits & 0xF)];
      bits >>>= 4;
    }
  }

  private TraceIds() {}
}
