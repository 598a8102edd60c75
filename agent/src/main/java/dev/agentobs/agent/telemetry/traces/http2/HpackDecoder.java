/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces.http2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes HPACK header blocks (RFC 7541) from one connection's peer. Every block is decoded, even
 * one we do not need, since each may add to the dynamic table the later ones refer to.
 */
final class HpackDecoder {

  /** The default SETTINGS_HEADER_TABLE_SIZE, which the client never changes. */
  static final int MAX_TABLE_SIZE = 4096;

  /** A table entry's overhead in the size accounting (section 4.1). */
  private static final int ENTRY_OVERHEAD = 32;

  private static final String[][] STATIC_TABLE = {
    {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"},
    {":path", "/index.html"}, {":scheme", "http"}, {":scheme", "https"}, {":status", "200"},
    {":status", "204"}, {":status", "206"}, {":status", "304"}, {":status", "400"},
    {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
    {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""},
    {"accept", ""}, {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""},
    {"authorization", ""}, {"cache-control", ""}, {"content-disposition", ""},
    {"content-encoding", ""}, {"content-language", ""}, {"content-length", ""},
    {"content-location", ""}, {"content-range", ""}, {"content-type", ""}, {"cookie", ""},
    {"date", ""}, {"etag", ""}, {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""},
    {"if-match", ""}, {"if-modified-since", ""}, {"if-none-match", ""}, {"if-range", ""},
    {"if-unmodified-since", ""}, {"last-modified", ""}, {"link", ""}, {"location", ""},
    {"max-forwards", ""}, {"proxy-authenticate", ""}, {"proxy-authorization", ""},
    {"range", ""}, {"referer", ""}, {"refresh", ""}, {"retry-after", ""}, {"server", ""},
    {"set-cookie", ""}, {"strict-transport-security", ""}, {"transfer-encoding", ""},
    {"user-agent", ""}, {"vary", ""}, {"via", ""}, {"www-authenticate", ""}
  };

  /** The dynamic table, oldest entry first. */
  private final List<String[]> dynamic = new ArrayList<>();
  private int size;
  private int capacity = MAX_TABLE_SIZE;

  /** Receives each header field of a block, in order. */
  interface Fields {
    void field(String name, String value) throws IOException;
  }

  void decode(byte[] block, int length, Fields fields) throws IOException {
    Cursor in = new Cursor(block, length);
    boolean fieldSeen = false;
    while (in.more()) {
      int b = in.peek();
      if ((b & 0x80) != 0) { // indexed field
        String[] entry = entry(in.integer(7));
        fields.field(entry[0], entry[1]);
        fieldSeen = true;
      } else if ((b & 0xc0) == 0x40) { // literal, added to the table
        int index = in.integer(6);
        String name = index == 0 ? in.string() : entry(index)[0];
        String value = in.string();
        add(name, value);
        fields.field(name, value);
        fieldSeen = true;
      } else if ((b & 0xe0) == 0x20) { // table size update: only before the first field
        int newCapacity = in.integer(5);
        if (fieldSeen || newCapacity > MAX_TABLE_SIZE) {
          throw new IOException("HPACK: bad dynamic table size update " + newCapacity);
        }
        capacity = newCapacity;
        evict(capacity);
      } else { // literal without indexing (0000) or never indexed (0001)
        int index = in.integer(4);
        String name = index == 0 ? in.string() : entry(index)[0];
        fields.field(name, in.string());
        fieldSeen = true;
      }
    }
  }

  private String[] entry(int index) throws IOException {
    if (index >= 1 && index <= STATIC_TABLE.length) {
      return STATIC_TABLE[index - 1];
    }
    int fromNewest = index - STATIC_TABLE.length;
    if (fromNewest < 1 || fromNewest > dynamic.size()) {
      throw new IOException("HPACK: no table entry " + index);
    }
    return dynamic.get(dynamic.size() - fromNewest);
  }

  private void add(String name, String value) {
    int entrySize = name.length() + value.length() + ENTRY_OVERHEAD;
    if (entrySize > capacity) { // empties the table, adds nothing (section 4.4)
      dynamic.clear();
      size = 0;
      return;
    }
    evict(capacity - entrySize);
    dynamic.add(new String[] {name, value});
    size += entrySize;
  }

  /** Drops the oldest entries until the table holds at most {@code limit} bytes. */
  private void evict(int limit) {
    while (size > limit) {
      String[] oldest = dynamic.remove(0);
      size -= oldest[0].length() + oldest[1].length() + ENTRY_OVERHEAD;
    }
  }

  /** Reads a header block's integers and strings (section 5). */
  private static final class Cursor {
    private final byte[] bytes;
    private final int end;
    private int position;

    Cursor(byte[] bytes, int end) {
      this.bytes = bytes;
      this.end = end;
    }

    boolean more() {
      return position < end;
    }

    int peek() {
      return bytes[position] & 0xff;
    }

    private int next() throws IOException {
      if (position >= end) {
        throw new IOException("HPACK: header block ends inside a field");
      }
      return bytes[position++] & 0xff;
    }

    int integer(int prefixBits) throws IOException {
      int max = (1 << prefixBits) - 1;
      int value = next() & max;
      if (value < max) {
        return value;
      }
      for (int shift = 0; shift <= 21; shift += 7) { // up to 2^28: far beyond any length here
        int b = next();
        value += (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IOException("HPACK: integer too large");
    }

    String string() throws IOException {
      if (!more()) {
        throw new IOException("HPACK: header block ends inside a field");
      }
      boolean huffman = (peek() & 0x80) != 0;
      int length = integer(7);
      if (length > end - position) {
        throw new IOException("HPACK: string longer than its header block");
      }
      String s =
          huffman
              ? Huffman.decode(bytes, position, length)
              : new String(bytes, position, length, StandardCharsets.ISO_8859_1);
      position += length;
      return s;
    }
  }
}
