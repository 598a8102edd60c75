/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.agentobs.agent.telemetry.logs.LogEvent.Level;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every line valid JSON whatever goes in; sizes capped as configured; secrets never written. */
class LineSafetyTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @RepeatedTest(20)
  void randomCharactersOfEveryKindStillMakeOneValidLine() throws IOException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder hostile = new StringBuilder();
    int length = random.nextInt(1, 20_000);
    for (int i = 0; i < length; i++) {
      // any UTF-16 unit: controls, lone surrogates of both kinds, U+2028, noncharacters
      hostile.append((char) random.nextInt(0, 0x10000));
    }
    String s = hostile.toString();
    Map<String, String> context = new LinkedHashMap<>();
    context.put(s, s);
    new JsonLineWriter(format(256)).write(event(s, s, context), out);

    Map<String, Object> line = parse(out.toString(StandardCharsets.UTF_8));
    assertThat(((String) line.get("message")).length()).isLessThanOrEqualTo(256 + 14);
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 100, 8192, 100_000})
  void megabyteValuesAreCutToTheConfiguredSizeWithAMarker(int max) throws IOException {
    String huge = "ab\uD83D\uDE00".repeat(300_000);
    new JsonLineWriter(format(max)).write(event(huge, "big", huge), out);
    Map<String, Object> line = parse(out.toString(StandardCharsets.UTF_8));
    for (String field : new String[] {"message", "big"}) {
      String value = (String) line.get(field);
      assertThat(value).endsWith(JsonLineWriter.TRUNCATED);
      assertThat(value.length()).isLessThanOrEqualTo(max + JsonLineWriter.TRUNCATED.length());
    }
  }

  @Test
  void secretKeysAndHeaderValuesAreRedacted() throws IOException {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("Authorization", "Bearer abcdef123456");
    context.put("openai_api_key", "sk-live-123");
    context.put("user", "u1");
    String message =
        "calling https://llm/v1?api_key=sk-abc123&model=m1 with Authorization: Bearer eyJhbGciOi.x.y,"
            + " Cookie: session=s3cr3t; {\"password\": \"hunter2\"} x-api-key=k-987654 token=t0k3n";
    new JsonLineWriter(format(8192)).write(event(message, "ctx", context, "set-cookie", "a=b"),
        out);
    String text = out.toString(StandardCharsets.UTF_8);
    Map<String, Object> line = parse(text);

    assertThat(text).doesNotContain("abcdef123456", "sk-live-123", "sk-abc123", "eyJhbGciOi",
        "s3cr3t", "hunter2", "k-987654", "t0k3n");
    assertThat(line)
        .containsEntry("Authorization", "[REDACTED]")
        .containsEntry("openai_api_key", "[REDACTED]")
        .containsEntry("set-cookie", "[REDACTED]")
        .containsEntry("user", "u1");
    assertThat((String) line.get("message"))
        .contains("model=m1", "api_key=[REDACTED]", "Authorization: [REDACTED]");
  }

  @Test
  void aBareBearerTokenIsRedactedWhateverKeysAreConfigured() throws IOException {
    LogFormat noKeys = new LogFormat("svc", 8192, "", "request_id", "trace_id", "span_id");
    new JsonLineWriter(noKeys).write(event("sent Bearer abc.def.ghi-123 upstream"), out);
    assertThat((String) parse(out.toString(StandardCharsets.UTF_8)).get("message"))
        .isEqualTo("sent Bearer [REDACTED] upstream");
  }

  @Test
  void anExceptionBecomesTypeMessageAndStackTrace() throws IOException {
    IllegalStateException error = new IllegalStateException("boom password=pw1");
    new JsonLineWriter(format(8192)).write(event("failed", "", error), out);
    Map<String, Object> line = parse(out.toString(StandardCharsets.UTF_8));
    assertThat(line).containsEntry("error_type", "java.lang.IllegalStateException")
        .containsEntry("error", "boom password=[REDACTED]");
    assertThat((String) line.get("stack_trace"))
        .startsWith("java.lang.IllegalStateException: boom password=[REDACTED]")
        .contains("LineSafetyTest");
  }

  @Test
  void contextEntriesNamedLikeOurFieldsOrTheCorrelationKeysAreNotRepeated() throws IOException {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("message", "shadow");
    context.put("rid", "req-9");
    context.put("tenant", "t1");
    LogFormat format = new LogFormat("svc", 8192, "", "rid", "trace_id", "span_id");
    new JsonLineWriter(format).write(event("real", "", context), out);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("shadow", "\"rid\"");
    assertThat(parse(text)).containsEntry("message", "real").containsEntry("tenant", "t1");
  }

  private static LogFormat format(int maxChars) {
    return new LogFormat(
        "svc", maxChars, LogFormat.DEFAULT_REDACT_KEYS, "request_id", "trace_id", "span_id");
  }

  private static LogEvent event(String message, Object... fields) {
    return new LogEvent(1764930600007L, Level.INFO, "logger", message, "app_log", "req-1", "", "",
        fields);
  }

  /** Parses exactly one JSON object on one line, failing on anything else. */
  static Map<String, Object> parse(String text) throws IOException {
    assertThat(text).endsWith("\n");
    String line = text.substring(0, text.length() - 1);
    assertThat(line).doesNotContain("\n", "\r");
    Map<String, Object> fields = new LinkedHashMap<>();
    try (JsonParser parser = new JsonFactory().createParser(line.getBytes(StandardCharsets.UTF_8))) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.getCurrentName();
        JsonToken value = parser.nextToken();
        fields.put(name,
            value == JsonToken.VALUE_NUMBER_INT ? (Object) parser.getLongValue() : parser.getText());
      }
      assertThat(parser.nextToken()).isNull();
    }
    return fields;
  }
}
