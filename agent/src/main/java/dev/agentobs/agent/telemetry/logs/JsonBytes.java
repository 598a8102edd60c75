/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.agentobs.agent.observation.TraceIds;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * One JSON line's bytes, appended into a reused array. A line is a fixed shape: names and
 * constants arrive already encoded, and most values are short ASCII (ids, timestamps, numbers),
 * copied as they are. Only a string holding something JSON must escape (a control character, a
 * quote, a backslash) or a non-ASCII character goes through jackson-core's escaping, from that
 * character on. Jackson's generator did the same per field, but through several small copies
 * each, which made it most of the log writer's CPU.
 */
final class JsonBytes {

  private static final JsonStringEncoder ESCAPING = JsonStringEncoder.getInstance();

  private byte[] buf;
  private int size;

  JsonBytes(int capacity) {
    buf = new byte[capacity];
  }

  void reset() {
    size = 0;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, size);
  }

  /** Bytes already encoded: a name with its punctuation, or a quoted constant. */
  void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  void raw(char ascii) {
    ensure(1);
    buf[size++] = (byte) ascii;
  }

  /**
   * {@code value} as a JSON string, quoted; an unpaired surrogate becomes U+FFFD. Printable ASCII
   * is copied as it is read; only from the first other character on is the rest made valid and
   * escaped, so the usual value is looked at once.
   */
  void string(String value) {
    int length = value.length();
    ensure(length + 2);
    buf[size++] = '"';
    int i = 0;
    while (i < length) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        break;
      }
      buf[size++] = (byte) c;
      i++;
    }
    if (i < length) {
      raw(ESCAPING.quoteAsUTF8(validUtf16(value.substring(i))));
    }
    raw('"');
  }

  /**
   * An id as W3C hex, quoted: 16 digits for a span id, 32 for a trace id ({@code high} first),
   * written from the id's bits. A line's ids made into strings first cost two arrays and a copy
   * each for every line, and were the writer thread's largest allocation.
   */
  void hexId(long high, long low) {
    ensure(34);
    buf[size++] = '"';
    hex(high);
    hex(low);
    buf[size++] = '"';
  }

  void hexId(long bits) {
    ensure(18);
    buf[size++] = '"';
    hex(bits);
    buf[size++] = '"';
  }

  private void hex(long bits) {
    TraceIds.put(bits, buf, size);
    size += 16;
  }

  /**
   * The escaped UTF-8 of {@code value} between quotes, to be copied with {@link #raw}; an unpaired
   * surrogate becomes U+FFFD.
   */
  static byte[] quoted(String value) {
    byte[] escaped = ESCAPING.quoteAsUTF8(validUtf16(value));
    byte[] quoted = new byte[escaped.length + 2];
    quoted[0] = '"';
    System.arraycopy(escaped, 0, quoted, 1, escaped.length);
    quoted[quoted.length - 1] = '"';
    return quoted;
  }

  /** {@code ,"name":}, encoded. */
  static byte[] name(String name) {
    byte[] quoted = quoted(name);
    byte[] field = new byte[quoted.length + 2];
    field[0] = ',';
    System.arraycopy(quoted, 0, field, 1, quoted.length);
    field[field.length - 1] = ':';
    return field;
  }

  void number(long value) {
    if (value < 0) {
      ascii(Long.toString(value));
      return;
    }
    ensure(20);
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) {
      digits++;
    }
    for (int i = size + digits - 1; i >= size; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size += digits;
  }

  /** As jackson-core writes a double: a plain number, or a quoted string for NaN and infinities. */
  void number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      string(Double.toString(value));
    } else {
      ascii(Double.toString(value));
    }
  }

  private void ascii(String value) {
    int length = value.length();
    ensure(length);
    for (int i = 0; i < length; i++) {
      buf[size++] = (byte) value.charAt(i);
    }
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  /** Replaces unpaired surrogates, which are not valid in UTF-8 (nor, strictly, in JSON text). */
  static String validUtf16(String value) {
    StringBuilder fixed = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean bad;
      if (Character.isHighSurrogate(c)) {
        bad = i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        if (!bad) {
          if (fixed != null) {
            fixed.append(c).append(value.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        bad = Character.isLowSurrogate(c);
      }
      if (bad && fixed == null) {
        fixed = new StringBuilder(value.length()).append(value, 0, i);
      }
      if (fixed != null) {
        fixed.append(bad ? '\uFFFD' : c);
      }
    }
    return fixed == null ? value : fixed.toString();
  }
}
