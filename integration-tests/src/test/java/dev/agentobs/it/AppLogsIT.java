/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.logging.log4j.core.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The app's own log lines next to the agent's: the sample app logging through SLF4J + Logback, and
 * a Log4j 2 batch job under load with hostile strings, each checked against the exported spans.
 */
class AppLogsIT {

  /** The server span, five phases, and each phase's LLM call with its HTTP call. */
  private static final int SPANS_PER_TASK = 16;

  @RegisterExtension static final AppOutputOnFailure OUTPUT = new AppOutputOnFailure();
  @RegisterExtension final SourceProbe.OutputOnFailure probes = new SourceProbe.OutputOnFailure();

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension final OtlpHttpReceiver receiver = OtlpHttpReceiver.forEachTest();

  @Test
  void reformattedLogbackLinesShareRequestTraceAndSpanIdsWithTheAgentsLinesAndTheSpans() {
    String requestId = "it-logs-0001";
    String task = "plan a trip, Authorization: Bearer abcdef123";
    try (ObservedApp app =
        OUTPUT.watch(ObservedApp.builder(receiver).agentArg("log.reformat", "true").start())) {
      SampleAppClient client = new SampleAppClient(app);
      client.postTask(task, null, "X-Request-ID", requestId);
      List<ReceivedSpan> spans = awaitSpans(requestId, SPANS_PER_TASK);
      JsonLines logs =
          Await.pollUntil(TIMEOUT, () -> JsonLines.parseStrict(app.stdoutLines()),
              l -> l.events(requestId, "task_complete").size() == 1
                  && l.events(requestId, "app_log").size() == 3);

      ReceivedSpan server = only(spans, s -> s.kind() == SpanKind.SPAN_KIND_SERVER);
      ReceivedSpan planning = only(spans, s -> "planning".equals(s.name()));
      List<ObjectNode> appLines = logs.events(requestId, "app_log");
      assertThat(appLines).extracting(l -> text(l, "message")).containsExactly(
          "task received: " + task.length() + " characters",
          "plan ready: 3 steps from gpt-4o-2024-08-06 (" + planningTokens(planning) + ")",
          appLines.get(2).get("message").asText());
      assertThat(text(appLines.get(2), "message")).startsWith("task answered: ");
      for (ObjectNode line : logs.forRequest(requestId)) {
        assertThat(text(line, "trace_id")).as(line.toString()).isEqualTo(server.traceId());
      }
      // the handler logs in the request's span, the planner in the planning phase's span
      assertThat(text(appLines.get(0), "span_id")).isEqualTo(server.spanId());
      assertThat(text(appLines.get(1), "span_id")).isEqualTo(planning.spanId());
      assertThat(text(appLines.get(2), "span_id")).isEqualTo(server.spanId());
      assertThat(text(appLines.get(0), "logger")).isEqualTo("dev.agentobs.sample.http.TaskHandler");
      assertThat(text(appLines.get(0), "thread")).startsWith("http-worker-");
      // the app's console lines went to the agent's stream, not to its stderr
      assertThat(app.stderrLines()).noneMatch(l -> l.contains("task received"));
    }
  }

  @Test
  void withoutReformatTheAppsOwnPatternShowsTheIdsFromItsMdc() {
    try (ObservedApp app = OUTPUT.watch(ObservedApp.builder(receiver).start())) {
      String requestId = new SampleAppClient(app).postTask("draft a note", null).requestId();
      List<ReceivedSpan> spans = awaitSpans(requestId, SPANS_PER_TASK);
      ReceivedSpan server = only(spans, s -> s.kind() == SpanKind.SPAN_KIND_SERVER);
      ReceivedSpan planning = only(spans, s -> "planning".equals(s.name()));
      List<String> appLines =
          Await.pollUntil(TIMEOUT,
              () -> app.stderrLines().stream().filter(l -> l.contains("request_id=" + requestId))
                  .collect(Collectors.toList()),
              l -> l.size() == 3);

      String ids = "request_id=" + requestId + " trace_id=" + server.traceId() + " span_id=";
      assertThat(appLines).hasSize(3);
      assertThat(appLines.get(0)).contains(ids + server.spanId(), "task received: 12 characters");
      assertThat(appLines.get(1)).contains(ids + planning.spanId(), "plan ready");
      assertThat(appLines.get(2)).contains(ids + server.spanId(), "task answered");
      // lines logged outside any request carry no ids: the pooled thread was cleaned
      assertThat(JsonLines.parseStrict(app.stdoutLines()).all())
          .noneMatch(l -> "app_log".equals(text(l, "event")));
    }
  }

  @Test
  void log4jAndJulLinesUnderLoadAreValidJsonCorrelatedAndRedacted() {
    int threads = 4;
    int lines = 1500;
    try (SourceProbe job =
        probes.watch(
            SourceProbe.builder("Log4jAgentJob.java")
                .agentArg("metrics.port", Integer.toString(FreePorts.next()))
                .agentArg("log.reformat", "true")
                .agentArg("log.field.max.chars", "4096")
                .jvmOption("-cp", classPath())
                .jvmOption("-Dlog4j2.configurationFile=" + resource("probes/log4j2-console.xml"))
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_BSP_SCHEDULE_DELAY", "200")
                .args(Integer.toString(threads), Integer.toString(lines))
                .start())) {
      assertThat(job.awaitExit(Duration.ofSeconds(90))).as(job.describe()).isTrue();
      assertThat(job.exitValue()).as(job.describe()).isZero();

      List<ObjectNode> all = JsonLines.parseStrict(job.stdoutLines()).all();
      List<ObjectNode> tasks =
          all.stream().filter(l -> "task_complete".equals(text(l, "event")))
              .collect(Collectors.toList());
      assertThat(tasks).hasSize(threads);
      Map<String, String> traceOfRequest =
          tasks.stream().collect(Collectors.toMap(l -> text(l, "request_id"),
              l -> text(l, "trace_id")));
      List<ObjectNode> appLines =
          all.stream().filter(l -> "app_log".equals(text(l, "event")))
              .collect(Collectors.toList());
      assertThat(appLines).hasSize(threads * (lines + 3));
      for (ObjectNode line : appLines) {
        String requestId = text(line, "request_id");
        assertThat(traceOfRequest).as(line.toString()).containsKey(requestId);
        assertThat(text(line, "trace_id")).isEqualTo(traceOfRequest.get(requestId));
        assertThat(text(line, "span_id")).hasSize(16);
      }
      assertThat(all).noneMatch(l -> "log_events_dropped".equals(text(l, "event")));

      List<ObjectNode> hostile =
          appLines.stream().filter(l -> text(l, "message").contains("line 7 "))
              .collect(Collectors.toList());
      assertThat(hostile).hasSize(threads);
      assertThat(text(hostile.get(0), "message"))
          .contains("quote\" backslash\\ nl\n cr\r tab\t nul\u0000 bell\u0007 esc\u001b")
          .contains("lone-high\uFFFD x lone-low\uFFFD pair\uD83D\uDE00 sep\u2028");
      ObjectNode megabyte =
          appLines.stream().filter(l -> "ERROR".equals(text(l, "level"))).findFirst()
              .orElseThrow();
      assertThat(text(megabyte, "message")).hasSize(4096 + "...[truncated]".length())
          .endsWith("...[truncated]");
      assertThat(text(megabyte, "error_type")).isEqualTo("java.lang.IllegalStateException");
      assertThat(text(megabyte, "stack_trace")).contains("Log4jAgentJob.batch");
      assertThat(String.join("\n", job.stdoutLines()))
          .doesNotContain("sk-test-123456", "abcdefghijk");
      List<ObjectNode> jul =
          appLines.stream().filter(l -> "jul.job".equals(text(l, "logger")))
              .collect(Collectors.toList());
      assertThat(jul).hasSize(threads);

      // and the same trace ids were exported: one root span per thread
      Set<String> exported =
          Await.pollUntil(TIMEOUT,
              () -> receiver.spans(s -> "task batch".equals(s.name())).stream()
                  .map(ReceivedSpan::traceId).collect(Collectors.toSet()),
              ids -> ids.size() >= threads);
      assertThat(exported).containsExactlyInAnyOrderElementsOf(traceOfRequest.values());
      // the console appender wrote nothing itself
      assertThat(job.stderrLines()).noneMatch(l -> l.contains("request_id="));
    }
  }

  private List<ReceivedSpan> awaitSpans(String requestId, int count) {
    return Await.pollUntil(
        TIMEOUT,
        () -> receiver.spans(s -> requestId.equals(s.attribute("request.id"))),
        spans -> spans.size() >= count);
  }

  private static ReceivedSpan only(
      List<ReceivedSpan> spans, java.util.function.Predicate<ReceivedSpan> filter) {
    List<ReceivedSpan> matching = spans.stream().filter(filter).collect(Collectors.toList());
    assertThat(matching).as(spans.toString()).hasSize(1);
    return matching.get(0);
  }

  private static String planningTokens(ReceivedSpan planning) {
    return planning.attribute("agent.tokens.input") + " input, "
        + planning.attribute("agent.tokens.output") + " output tokens";
  }

  /** The bootstrap jar (for @AgentPhase) and the Log4j 2 jars this build resolved. */
  private static String classPath() {
    Path bootstrap =
        Path.of(System.getProperty("agentobs.repoRoot"), "bootstrap", "target",
            "agent-obs-bootstrap-0.1.0-SNAPSHOT.jar");
    Function<Class<?>, String> jarOf = type -> {
      try {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    };
    return String.join(java.io.File.pathSeparator, bootstrap.toString(),
        jarOf.apply(org.apache.logging.log4j.LogManager.class), jarOf.apply(LogEvent.class));
  }

  private static String resource(String name) {
    try {
      return Path.of(AppLogsIT.class.getResource("/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
