/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces.http2;

import java.io.IOException;

/**
 * Decodes HPACK's Huffman-coded strings (RFC 7541, section 5.2 and appendix B). The code is
 * canonical (codes of one length are consecutive, in symbol order, and each length continues
 * from the last code of the length before), so the 257 code lengths define it whole: decoding
 * keeps, per length, the first code and where its symbols start in length order.
 */
final class Huffman {

  /** Appendix B's code length of each symbol 0-255; the end-of-string symbol (256) has 30. */
  private static final byte[] LENGTHS = {
    13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5,
    5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6,
    6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23, 22,
    23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, 22,
    21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23,
    20, 22, 22, 22, 23, 22, 22, 23, 26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24,
    25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, 20, 24, 20, 21, 22, 21,
    21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27,
    27, 26
  };

  private static final int EOS = 256;
  private static final int EOS_LENGTH = 30;
  private static final int MIN_LENGTH = 5;

  /** Symbols sorted by code length, then by value: the order canonical codes are assigned in. */
  private static final int[] SYMBOLS = new int[EOS + 1];
  /** Per length: its first code, and the index in {@link #SYMBOLS} of its first symbol. */
  private static final int[] FIRST_CODE = new int[EOS_LENGTH + 1];
  private static final int[] FIRST_INDEX = new int[EOS_LENGTH + 1];
  private static final int[] COUNT = new int[EOS_LENGTH + 1];

  static {
    int index = 0;
    int code = 0;
    for (int length = 1; length <= EOS_LENGTH; length++) {
      FIRST_CODE[length] = code;
      FIRST_INDEX[length] = index;
      for (int symbol = 0; symbol <= EOS; symbol++) {
        if (length(symbol) == length) {
          SYMBOLS[index++] = symbol;
          code++;
        }
      }
      COUNT[length] = index - FIRST_INDEX[length];
      code <<= 1;
    }
  }

  private Huffman() {}

  private static int length(int symbol) {
    return symbol == EOS ? EOS_LENGTH : LENGTHS[symbol];
  }

  /**
   * Decodes {@code length} bytes at {@code offset} into ISO-8859-1 text (header values are
   * octets). Padding must be fewer than 8 bits, all ones (a prefix of end-of-string).
   */
  static String decode(byte[] in, int offset, int length) throws IOException {
    StringBuilder out = new StringBuilder(length * 8 / 5);
    int code = 0;
    int bits = 0;
    for (int i = offset; i < offset + length; i++) {
      for (int bit = 7; bit >= 0; bit--) {
        code = (code << 1) | ((in[i] >> bit) & 1);
        bits++;
        if (bits < MIN_LENGTH) {
          continue;
        }
        int offsetInLength = code - FIRST_CODE[bits];
        if (offsetInLength >= 0 && offsetInLength < COUNT[bits]) {
          int symbol = SYMBOLS[FIRST_INDEX[bits] + offsetInLength];
          if (symbol == EOS) {
            throw new IOException("HPACK: end-of-string symbol inside a Huffman string");
          }
          out.append((char) symbol);
          code = 0;
          bits = 0;
        } else if (bits == EOS_LENGTH) {
          throw new IOException("HPACK: invalid Huffman code");
        }
      }
    }
    if (bits > 7 || code != (1 << bits) - 1) {
      throw new IOException("HPACK: Huffman string badly padded");
    }
    return out.toString();
  }
}
