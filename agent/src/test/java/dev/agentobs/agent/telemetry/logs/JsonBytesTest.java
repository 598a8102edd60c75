/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.agentobs.agent.observation.TraceIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bytes of each value are the bytes jackson-core's generator writes for it. */
class JsonBytesTest {

  private final JsonBytes bytes = new JsonBytes(16);

  private interface Generation {
    void write(JsonGenerator json) throws IOException;
  }

  private static String jackson(Generation value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      value.write(json);
    }
    return out.toString("UTF-8");
  }

  private String ours() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bytes.writeTo(out);
    bytes.reset();
    return out.toString("UTF-8");
  }

  @Test
  void stringsOfEveryKindOfCharacterAreEscapedAsJacksonEscapesThem() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(0, 60);
      for (int j = 0; j < length; j++) {
        int kind = random.nextInt(5);
        int c =
            kind == 0 ? random.nextInt(0, 0x20) // controls
            : kind == 1 ? "\"\\/\u007f".charAt(random.nextInt(4))
            : kind == 2 ? random.nextInt(0x80, 0xD800) // non-ASCII, no surrogates
            : random.nextInt(0x20, 0x7F);
        s.append((char) c);
      }
      String value = s.toString();
      bytes.string(value);
      assertThat(ours()).as("%s", value).isEqualTo(jackson(json -> json.writeString(value)));
    }
  }

  /** Where Jackson's generator escapes a surrogate pair (two six-character escapes): UTF-8. */
  @Test
  void aCharacterBeyondTheBasicPlaneIsItsFourUtf8Bytes() throws IOException {
    String value = "ok \uD83D\uDE00";
    bytes.string(value);
    String line = ours();

    assertThat(line.getBytes(StandardCharsets.UTF_8))
        .endsWith((byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) '"');
    try (JsonParser parser = new JsonFactory().createParser(line)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
      assertThat(parser.getText()).isEqualTo(value);
    }
  }

  @Test
  void anUnpairedSurrogateBecomesTheReplacementCharacterAPairStays() throws IOException {
    // after ASCII, at the start, and cut from its pair at the end, as a size limit cuts
    String[] values = {"id-\uD800x", "\uDC00", "ok \uD83D\uDE00 \uD83D"};
    String[] expected = {"id-\uFFFDx", "\uFFFD", "ok \uD83D\uDE00 \uFFFD"};
    for (int i = 0; i < values.length; i++) {
      bytes.string(values[i]);
      String line = ours();
      try (JsonParser parser = new JsonFactory().createParser(line)) {
        assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
        assertThat(parser.getText()).isEqualTo(expected[i]);
      }
      assertThat(new String(JsonBytes.quoted(values[i]), StandardCharsets.UTF_8))
          .isEqualTo(line);
    }
  }

  /** Written from the bits, as the observation's own hex strings (MDC, OTLP's API) read. */
  @Test
  void idsAreWrittenAsTheirW3cHex() throws IOException {
    long[] ids = {0x0af7651916cd43ddL, 0x8448eb211c80319cL, 1L, -1L, 0L, Long.MIN_VALUE};
    for (long high : ids) {
      for (long low : ids) {
        bytes.hexId(high, low);
        assertThat(ours()).isEqualTo('"' + TraceIds.hex(high, low) + '"');
      }
      bytes.hexId(high);
      assertThat(ours()).isEqualTo('"' + TraceIds.hex(high) + '"');
    }
    bytes.hexId(0x0af7651916cd43ddL, 0x8448eb211c80319cL);
    assertThat(ours()).isEqualTo("\"0af7651916cd43dd8448eb211c80319c\"");
  }

  @Test
  void numbersAreWrittenAsJacksonWritesThem() throws IOException {
    for (long n : new long[] {0, 7, 10, 412, 1_000_000, Long.MAX_VALUE, -1, Long.MIN_VALUE}) {
      bytes.number(n);
      assertThat(ours()).isEqualTo(jackson(json -> json.writeNumber(n)));
    }
    double[] doubles = {0.0, 1.5, 0.000125, 1e-7, 12345.678, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double d : doubles) {
      bytes.number(d);
      assertThat(ours()).isEqualTo(jackson(json -> json.writeNumber(d)));
    }
  }

  @Test
  void quotedConstantsAndNamesCarryTheirPunctuation() {
    assertThat(new String(JsonBytes.quoted("a\"b"), StandardCharsets.UTF_8))
        .isEqualTo("\"a\\\"b\"");
    assertThat(new String(JsonBytes.name("tokens_used"), StandardCharsets.UTF_8))
        .isEqualTo(",\"tokens_used\":");
  }

  @Test
  void theBufferGrowsForALongValue() throws IOException {
    String longValue = "x".repeat(10_000);
    bytes.string(longValue);
    assertThat(ours()).isEqualTo("\"" + longValue + "\"");
  }
}
