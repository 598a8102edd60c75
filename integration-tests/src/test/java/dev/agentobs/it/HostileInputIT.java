/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests no well-behaved client sends (huge and hostile request ids and trace headers, control
 * characters and invalid UTF-8 in headers, paths and bodies, binary task text) leave every log line
 * one valid JSON object, every request id short and safe, every series label bounded, the exported
 * spans decodable, and the service answering as it would without the agent.
 */
class HostileInputIT {

  private static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
  private static final byte[] CONTROL = {0x01, 0x07, 0x1B, '[', '3', '1', 'm', 0x7F, 0x0B};
  private static final String SAFE_ID = "[A-Za-z0-9._:-]{1,128}";

  @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();

  @Test
  void hostileRequestsKeepEveryLogLineValidAndEverySeriesBounded() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        ObservedApp app =
            output.watch(
                ObservedApp.builder(receiver).agentArg("metrics.endpoint.limit", "20").start())) {
      int port = app.uri("/").getPort();
      List<Integer> statuses = new ArrayList<>();
      String task = "POST " + SampleAppClient.TASK_PATH + " HTTP/1.1";
      byte[] okBody = json("{\"task\":\"hostile headers\"}");

      String hugeId = "a".repeat(100_000);
      statuses.add(RawHttp.send(port, RawHttp.head(task, "\r\nX-Request-ID: ", hugeId), okBody));
      statuses.add(RawHttp.send(port,
          RawHttp.head(task, "\r\nX-Request-ID: id", CONTROL, "\"},{\"x\":1"), okBody));
      statuses.add(RawHttp.send(port,
          RawHttp.head(task, "\r\nX-Request-ID: ", INVALID_UTF8), okBody));
      statuses.add(RawHttp.send(port,
          RawHttp.head(task, "\r\ntraceparent: 00-", "f".repeat(5000), "-", CONTROL, "-01",
              "\r\ntracestate: ", "k=v,".repeat(2000), "\r\nUser-Agent: ", CONTROL, INVALID_UTF8),
          okBody));
      statuses.add(RawHttp.send(port,
          RawHttp.head(task, "\r\ntraceparent: 00-0af7651916cd43dd8448eb211c80319c-",
              "b7ad6b7169203331-01\u0000"), okBody));
      // task text with quotes, backslashes, line breaks, control characters, escapes of lone
      // surrogates and a right-to-left override: the app answers it, the agent never logs it
      statuses.add(RawHttp.send(port, RawHttp.head(task),
          json("{\"task\":\"\\\"},{\\\\\\n\\r\\t\\u0000\\u001b[31m\\ud800\\udfff\\u202e"
              + "x".repeat(20_000) + "\"}")));
      statuses.add(RawHttp.send(port, RawHttp.head(task),
          RawHttp.head("{\"task\":\"", INVALID_UTF8, CONTROL, "\"}")));
      statuses.add(RawHttp.send(port, RawHttp.head(task), INVALID_UTF8));
      statuses.add(RawHttp.send(port, RawHttp.head(task), new byte[2 * 1024 * 1024]));
      statuses.add(RawHttp.send(port,
          RawHttp.head("GET /api/v1/", "%C3%28%00%0A%1B".repeat(500), "/x?q=", CONTROL,
              " HTTP/1.1"), new byte[0]));
      statuses.add(RawHttp.send(port,
          RawHttp.head("GET /", "segment/".repeat(1000), " HTTP/1.1"), new byte[0]));
      statuses.add(RawHttp.send(port, RawHttp.head("BREW /health HTTP/1.1"), new byte[0]));
      for (int i = 0; i < 200; i++) {
        statuses.add(RawHttp.send(port,
            RawHttp.head("GET /api/v1/task/", Integer.toString(i), "x/%01%1B%C3%28%E2%80%AE",
                " HTTP/1.1"), new byte[0]));
      }

      assertThat(statuses.subList(0, 5)).as("hostile headers, ordinary task").containsOnly(200);
      assertThat(statuses.get(5)).as("hostile task text").isEqualTo(200);
      assertThat(statuses.subList(6, 8)).as("invalid UTF-8 bodies").allMatch(s -> s == 400 || s == 200);
      assertThat(statuses.get(8)).as("oversized body").isEqualTo(413);
      assertThat(new SampleAppClient(app).get("/health").status())
          .as("the service still answers").isEqualTo(200);

      PrometheusText metrics = app.awaitRequestsCounted(SampleAppClient.TASK_PATH, 9);
      assertThat(statuses.subList(12, statuses.size()))
          .as("hostile paths, answered by the app").containsOnly(404);
      Set<String> endpoints =
          metrics.matching("agent_requests_total", Map.of()).stream()
              .map(sample -> sample.labels().get("endpoint"))
              .collect(Collectors.toSet());
      assertThat(endpoints).as("endpoint label values").hasSizeLessThanOrEqualTo(21);
      assertThat(metrics.matching("agent_requests_total", Map.of()))
          .as("every label value is printable text")
          .allSatisfy(sample -> sample.labels().values().forEach(
              value -> assertThat(value.chars().noneMatch(c -> c < ' ' || c == 0x7F)).isTrue()));

      List<ObjectNode> taskLines = taskLines(app.awaitLogs(l -> taskLines(l).size() >= 2 * 200));
      assertThat(taskLines).hasSizeGreaterThanOrEqualTo(2 * 200);
      assertThat(taskLines)
          .extracting(line -> text(line, "request_id"))
          .as("request ids are short and safe")
          .allMatch(id -> id.matches(SAFE_ID));
      assertThat(taskLines)
          .extracting(line -> text(line, "request_id"))
          .as("the huge id, cut to its first 128 characters")
          .contains("a".repeat(128));
      assertThat(String.join("\n", app.stdoutLines()))
          .as("the task text is never logged")
          .doesNotContain("xxxxxxxxxx");

      List<ReceivedSpan> spans =
          Await.pollUntil(Duration.ofSeconds(30), receiver::spans,
              received -> received.stream().filter(s -> s.kind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER).count()
                  >= 9);
      assertThat(spans).as("spans decoded from the OTLP payloads").isNotEmpty();
    }
  }

  private static List<ObjectNode> taskLines(JsonLines logs) {
    return logs.all().stream()
        .filter(line -> JsonLines.hasEvent(line, "task_start")
            || JsonLines.hasEvent(line, "task_complete")
            || JsonLines.hasEvent(line, "task_error"))
        .collect(Collectors.toList());
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
