/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** W3C trace and span ids as lower-case hex, the form logs, headers and OTLP's API use. */
public final class TraceIds {

  /** Eight bytes of an array as one big-endian long: eight digits stored at once. */
  private static final VarHandle EIGHT_BYTES =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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

  /**
   * {@code bits} as 16 lower-case hex digits (ASCII) into {@code bytes} from {@code offset}. Eight
   * digits at a time, computed in a long rather than looked up one nibble at a time: the log writer
   * puts 48 digits on every line, and the table loop was a tenth of its samples under load.
   */
  public static void put(long bits, byte[] bytes, int offset) {
    EIGHT_BYTES.set(bytes, offset, digits((int) (bits >>> 32)));
    EIGHT_BYTES.set(bytes, offset + 8, digits((int) bits));
  }

  /** The 8 hex digits of {@code value}, most significant first when stored big-endian. */
  static long digits(int value) {
    long x = value & 0xFFFF_FFFFL;
    // each nibble into a byte of its own, keeping their order
    x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFFL;
    x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FFL;
    x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0FL;
    // 1 in each byte whose nibble is 10 or more (adding 6 carries it into bit 4), 0 elsewhere
    long letters = ((x + 0x0606_0606_0606_0606L) >>> 4) & 0x0101_0101_0101_0101L;
    return x + 0x3030_3030_3030_3030L + letters * ('a' - '0' - 10);
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
