/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import okhttp3.internal.http2.Header;
import okhttp3.internal.http2.Hpack;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** The decoder against RFC 7541's examples and against OkHttp's HPACK encoder. */
class HpackDecoderTest {

  @Test
  void decodesTheRfcHuffmanExamples() throws IOException { // RFC 7541, C.4.1 to C.4.3
    assertThat(huffman("f1e3c2e5f23a6ba0ab90f4ff")).isEqualTo("www.example.com");
    assertThat(huffman("a8eb10649cbf")).isEqualTo("no-cache");
    assertThat(huffman("25a849e95ba97d7f")).isEqualTo("custom-key");
    assertThat(huffman("25a849e95bb8e8b4bf")).isEqualTo("custom-value");
  }

  @Test
  void decodesEveryOctetAsOkHttpEncodesIt() throws IOException {
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      byte[] octets = new byte[random.nextInt(40)];
      random.nextBytes(octets);
      Buffer encoded = new Buffer();
      okhttp3.internal.http2.Huffman.INSTANCE.encode(ByteString.of(octets), encoded);
      byte[] bytes = encoded.readByteArray();
      assertThat(decodeHuffman(bytes)).isEqualTo(ByteString.of(octets).string(ISO));
    }
  }

  @Test
  void rejectsBadPaddingAndTheEndOfStringSymbol() {
    // 'a' is 00011 (5 bits): padded with zeros instead of ones
    assertThatThrownBy(() -> decodeHuffman(new byte[] {0b0001_1000}))
        .hasMessageContaining("padded");
    // a whole byte of padding
    assertThatThrownBy(() -> decodeHuffman(new byte[] {0b0001_1111, (byte) 0xff}))
        .hasMessageContaining("padded");
    // the end-of-string symbol: 30 ones
    assertThatThrownBy(() -> decodeHuffman(new byte[] {-1, -1, -1, -1}))
        .hasMessageContaining("end-of-string");
  }

  @Test
  void decodesTheRfcRequestsWithTheirDynamicTable() throws IOException { // C.3, no Huffman
    HpackDecoder decoder = new HpackDecoder();
    assertThat(decode(decoder, "828684410f7777772e6578616d706c652e636f6d"))
        .containsExactly(":method=GET", ":scheme=http", ":path=/", ":authority=www.example.com");
    assertThat(decode(decoder, "828684be58086e6f2d6361636865"))
        .containsExactly(
            ":method=GET", ":scheme=http", ":path=/", ":authority=www.example.com",
            "cache-control=no-cache");
    assertThat(decode(decoder, "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565"))
        .containsExactly(
            ":method=GET", ":scheme=https", ":path=/index.html", ":authority=www.example.com",
            "custom-key=custom-value");
  }

  @Test
  void followsOkHttpsEncoderAcrossBlocksAsItsTableFillsAndEvicts() throws IOException {
    Random random = new Random(11);
    Buffer wire = new Buffer();
    Hpack.Writer writer = new Hpack.Writer(4096, true, wire);
    HpackDecoder decoder = new HpackDecoder();
    for (int block = 0; block < 300; block++) {
      List<Header> headers = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      headers.add(new Header(":status", block % 7 == 0 ? "503" : "200"));
      headers.add(new Header("content-type", "application/grpc"));
      for (int i = random.nextInt(6); i > 0; i--) {
        String name = "x-field-" + random.nextInt(40);
        String value = randomValue(random);
        headers.add(new Header(name, value));
      }
      headers.add(new Header("grpc-status", String.valueOf(random.nextInt(17))));
      headers.add(new Header("grpc-message", randomValue(random)));
      for (Header header : headers) {
        expected.add(header.name.utf8() + "=" + header.value.string(ISO));
      }
      writer.writeHeaders(headers);
      byte[] bytes = wire.readByteArray();
      assertThat(decode(decoder, bytes)).as("block %s", block).isEqualTo(expected);
    }
  }

  @Test
  void rejectsAnIndexBeyondBothTables() {
    assertThatThrownBy(() -> decode(new HpackDecoder(), "be"))
        .hasMessageContaining("no table entry");
  }

  @Test
  void rejectsATableSizeAboveTheSettingAndAfterAField() {
    assertThatThrownBy(() -> decode(new HpackDecoder(), "3fe21f")) // 4097
        .hasMessageContaining("table size update");
    assertThatThrownBy(() -> decode(new HpackDecoder(), "8220")).hasMessageContaining("table size");
  }

  @Test
  void rejectsAStringLongerThanItsBlock() {
    assertThatThrownBy(() -> decode(new HpackDecoder(), "400a6b"))
        .hasMessageContaining("longer than its header block");
  }

  private static final Charset ISO = StandardCharsets.ISO_8859_1;

  private static String randomValue(Random random) {
    char[] chars = new char[random.nextInt(30)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) (0x20 + random.nextInt(0x5f)); // visible ASCII and space
    }
    return new String(chars);
  }

  private static String huffman(String hex) throws IOException {
    return decodeHuffman(ByteString.decodeHex(hex).toByteArray());
  }

  private static String decodeHuffman(byte[] bytes) throws IOException {
    return Huffman.decode(bytes, 0, bytes.length);
  }

  private static List<String> decode(HpackDecoder decoder, String hex) throws IOException {
    return decode(decoder, ByteString.decodeHex(hex).toByteArray());
  }

  private static List<String> decode(HpackDecoder decoder, byte[] block) throws IOException {
    List<String> fields = new ArrayList<>();
    decoder.decode(block, block.length, (name, value) -> fields.add(name + "=" + value));
    return fields;
  }
}
