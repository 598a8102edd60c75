/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protobuf wire format, written forwards into one growing array. A nested message is begun
 * with a one-byte length placeholder and its body shifted only when it turns out 128 bytes or
 * longer, so no size pass over the spans is needed (the SDK's marshalers walk every span twice: to
 * size it, then to write it).
 */
final class ProtoWriter {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int FIXED32 = 5;

  /**
   * Room left for an array's header when the buffer doubles: G1 places an object of half a region
   * or more (512 KB with the smallest, 1 MB, regions) in whole regions of its own, outside the young
   * generation. Doubled to exactly 512 KB or 1 MB (a segment grown for an outsized span), an array's
   * header made it humongous or spill into a second region.
   */
  private static final int HEADER_ROOM = 64;

  private byte[] buf = new byte[0];
  private int pos;

  /** Starts over in {@code buffer}, which the writer keeps unless it needs a larger one. */
  void reset(byte[] buffer) {
    buf = buffer;
    pos = 0;
  }

  /** The array written into: the bytes so far are its first {@link #size()}. */
  byte[] buffer() {
    return buf;
  }

  int size() {
    return pos;
  }

  void tag(int field, int wireType) {
    varint((field << 3) | wireType);
  }

  void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[pos++] = (byte) value;
  }

  void fixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (value >>> (8 * i));
    }
  }

  void fixed32(int value) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[pos++] = (byte) (value >>> (8 * i));
    }
  }

  /** A length-delimited field holding {@code bytes} as they are (a pre-encoded message too). */
  void bytes(int field, byte[] bytes) {
    tag(field, LEN);
    varint(bytes.length);
    raw(bytes);
  }

  void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  /** An id field: 16 (trace) or 8 (span) big-endian bytes, in the order W3C hex reads them. */
  void id(int field, long high, long low, boolean wide) {
    tag(field, LEN);
    varint(wide ? 16 : 8);
    ensure(16);
    if (wide) {
      bigEndian(high);
    }
    bigEndian(low);
  }

  private void bigEndian(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (value >>> shift);
    }
  }

  /**
   * A string field in UTF-8. The JDK's encoder copies an ASCII string's bytes in one intrinsic; a
   * char-by-char loop here measured slower than that copy and the short-lived array together.
   */
  void string(int field, String value) {
    bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** What was written, as a length-delimited field's value: its length, then its bytes. */
  byte[] toLengthDelimited() {
    ProtoWriter whole = new ProtoWriter();
    whole.reset(new byte[varintSize(pos) + pos]);
    whole.varint(pos);
    System.arraycopy(buf, 0, whole.buf, whole.pos, pos);
    return whole.buf;
  }

  /** The size of a length-delimited field whose value is {@code length} bytes. */
  static int fieldSize(int field, int length) {
    return headerSize(field, length) + length;
  }

  /** The size of such a field's tag and length, what {@link #header} writes. */
  static int headerSize(int field, int length) {
    return varintSize(field << 3) + varintSize(length);
  }

  /** The tag and length of a length-delimited field whose value the caller writes after it. */
  void header(int field, int length) {
    tag(field, LEN);
    varint(length);
  }

  /** Starts a nested message; returns the mark {@link #end} needs. */
  int begin(int field) {
    tag(field, LEN);
    ensure(1);
    return pos++;
  }

  /** Writes the length of the message begun at {@code mark}, shifting its body if it needs room. */
  void end(int mark) {
    int length = pos - mark - 1;
    if (length < 0x80) {
      buf[mark] = (byte) length;
      return;
    }
    int extra = varintSize(length) - 1;
    ensure(extra);
    System.arraycopy(buf, mark + 1, buf, mark + 1 + extra, length);
    int end = pos + extra;
    pos = mark;
    varint(length);
    pos = end;
  }

  private static int varintSize(int value) {
    int size = 1;
    while ((value & ~0x7F) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2 - HEADER_ROOM, pos + more));
    }
  }
}
