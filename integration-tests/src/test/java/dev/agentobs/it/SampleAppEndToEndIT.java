/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample AI-agent service with the agent attached, end to end: one app for the whole class, all
 * traffic sent up front in {@link #sendTraffic()}, so every test reads the same settled signals
 * (metrics, JSON logs, OTLP spans) and the tests may run in any order.
 *
 * <p>The traffic: five distinct successful tasks (one with its own {@code X-Request-ID}, one
 * continuing an incoming {@code traceparent}, one slow), the repeat of a task (a cache hit) and one
 * task whose analysis step fails (a 500).
 */
class SampleAppEndToEndIT {

  @RegisterExtension static final AppOutputOnFailure OUTPUT = new AppOutputOnFailure();

  private static final String OWN_REQUEST_ID = "it-req-0001";
  private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(20);
  private static final String TASK_PATH = SampleAppClient.TASK_PATH;
  private static final String REQUESTS = "agent_requests_total";
  private static final String DURATION = "agent_request_duration_seconds";
  private static final String TOKENS = "agent_tokens_used_total";
  private static final String CACHE = "agent_cache_hits_total";
  private static final String PHASE_COUNT = "agent_phase_duration_seconds_count";
  private static final String STEP_EXCEPTION = "AgentStepException";

  /** The pipeline of a task that is not cached: phase, agent type, model. */
  private static final List<Phase> PIPELINE =
      List.of(
          new Phase("planning", "planner", "gpt-4o-2024-08-06"),
          new Phase("execution", "research", "gpt-4o-mini-2024-07-18"),
          new Phase("execution", "analysis", "gpt-4o-mini-2024-07-18"),
          new Phase("execution", "writer", "gpt-4o-mini-2024-07-18"),
          new Phase("synthesis", "synthesizer", "gpt-4o-2024-08-06"));

  private static final Set<String> TASK_EVENTS =
      Set.of(
          "task_start",
          "task_complete",
          "task_error",
          "phase_start",
          "phase_complete",
          "phase_error");

  private static OtlpHttpReceiver receiver;
  private static ObservedApp app;

  private static Exchange ownRequestId;
  private static Exchange generatedRequestId;
  private static Exchange plain;
  private static Exchange repeat;
  private static Exchange failed;
  private static Exchange continued;
  private static Exchange slow;
  private static List<Exchange> exchanges;
  private static String incomingTraceId;
  private static String incomingParentSpanId;

  private static PrometheusText metrics;
  private static List<String> stdout;
  private static JsonLines logs;
  private static List<ReceivedSpan> spans;

  @BeforeAll
  static void sendTraffic() throws IOException {
    receiver = OtlpHttpReceiver.start();
    // every phase's line too: its fields (tokens, model) are checked against spans and metrics
    app = OUTPUT.watch(ObservedApp.builder(receiver).agentArg("log.phase.level", "info").start());
    SampleAppClient client = new SampleAppClient(app);
    String run = Long.toHexString(System.nanoTime());
    incomingTraceId = randomHex(16);
    incomingParentSpanId = randomHex(8);

    ownRequestId =
        new Exchange(
            Kind.COMPLETED,
            client.postTask(
                "summarize the quarterly report " + run, null, "X-Request-ID", OWN_REQUEST_ID));
    generatedRequestId =
        new Exchange(Kind.COMPLETED, client.postTask("compare vector databases " + run, null));
    plain = new Exchange(Kind.COMPLETED, client.postTask("draft a release note " + run, null));
    repeat =
        new Exchange(Kind.CACHED, client.postTask("summarize the quarterly report " + run, null));
    failed =
        new Exchange(Kind.FAILED, client.postTask("analyse the broken dataset " + run, "error"));
    continued =
        new Exchange(
            Kind.COMPLETED,
            client.postTask(
                "translate the onboarding guide " + run,
                null,
                "traceparent",
                "00-" + incomingTraceId + "-" + incomingParentSpanId + "-01"));
    slow =
        new Exchange(Kind.COMPLETED, client.postTask("research battery chemistry " + run, "slow"));
    exchanges = List.of(ownRequestId, generatedRequestId, plain, repeat, failed, continued, slow);

    awaitSettledSignals();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  // ---- metrics

  /**
   * The agent adds its banner to the host's stderr and nothing of the JVM's: putting the bootstrap
   * classes into the boot loader by appending a jar would make the JVM drop class data sharing for
   * the application's classes and say so on stderr.
   */
  @Test
  void theHostStderrHasTheBannerAndNoJvmWarning() {
    assertThat(app.stderrLines())
        .as("stderr of the sample app")
        .noneMatch(line -> line.contains("Sharing is only supported"))
        .filteredOn(line -> line.startsWith("agent-obs:"))
        .hasSize(1);
  }

  @Test
  void eachTaskRequestIsCountedOnceUnderItsStatus() {
    assertThat(exchanges.stream().map(e -> e.response().status()))
        .as("response statuses")
        .containsExactly(200, 200, 200, 200, 500, 200, 200);
    assertThat(metrics.value(REQUESTS, taskLabels("status", "200")))
        .as("%s{status=200}", REQUESTS)
        .isEqualTo(6.0);
    assertThat(metrics.value(REQUESTS, taskLabels("status", "500")))
        .as("%s{status=500}", REQUESTS)
        .isEqualTo(1.0);
    assertThat(metrics.sum(REQUESTS, taskLabels()))
        .as("%s over all statuses: %s", REQUESTS, metrics.matching(REQUESTS, taskLabels()))
        .isEqualTo(exchanges.size());
  }

  @Test
  void healthChecksAreCountedUnderTheirOwnEndpoint() {
    assertThat(app.healthChecksAnswered()).isPositive();
    assertThat(
            metrics.value(
                REQUESTS, Map.of("method", "GET", "endpoint", "/health", "status", "200")))
        .as("GET /health answered 200 during startup, counted under endpoint=/health")
        .isEqualTo(app.healthChecksAnswered());
  }

  @Test
  void metricsScrapesAreNotCountedAsAppRequests() {
    Set<String> endpoints =
        metrics.matching(REQUESTS, Map.of()).stream()
            .map(sample -> sample.labels().get("endpoint"))
            .collect(Collectors.toSet());
    assertThat(endpoints)
        .as("endpoints counted (the sidecar's /metrics must not be observed)")
        .containsExactlyInAnyOrder(TASK_PATH, "/health");
  }

  @Test
  void requestDurationHistogramCountsEveryTaskRequestInTheContractBuckets() {
    Map<String, String> labels = Map.of("method", "POST", "endpoint", TASK_PATH);
    assertThat(metrics.value(DURATION + "_count", labels)).isEqualTo(exchanges.size());

    List<PrometheusText.Sample> buckets = metrics.matching(DURATION + "_bucket", labels);
    assertThat(buckets.stream().map(PrometheusText.Sample::le))
        .as("bucket bounds")
        .containsExactly(
            0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, Double.POSITIVE_INFINITY);
    assertThat(buckets.stream().map(PrometheusText.Sample::value))
        .as("cumulative bucket counts")
        .isSorted();
    assertThat(metrics.value(DURATION + "_bucket", withLabel(labels, "le", "+Inf")))
        .isEqualTo(exchanges.size());
    double withinOneSecond =
        buckets.stream().filter(b -> b.le() == 1.0).findFirst().orElseThrow().value();
    assertThat(withinOneSecond)
        .as("the slow task (1.5 s extra) is above the le=1 bucket")
        .isLessThanOrEqualTo(exchanges.size() - 1);
    assertThat(metrics.value(DURATION + "_sum", labels))
        .as("total seconds include the slow task's 1.5 s")
        .isGreaterThanOrEqualTo(1.5);
  }

  @Test
  void tokenCounterAddsUpTheTokensReportedByResponsesAndPhases() {
    Map<List<String>, Double> expected = new HashMap<>();
    for (Exchange exchange : exchanges) {
      for (ObjectNode phase : logs.events(exchange.requestId(), "phase_complete")) {
        String model = text(phase, "model");
        String agentType = text(phase, "agent_type");
        double cacheRead = number(phase, "cache_read_tokens");
        Map<String, Double> byType =
            Map.of(
                // the counter's input is the uncached part, so the types add up to the total
                "input", number(phase, "input_tokens") - cacheRead,
                "output", number(phase, "output_tokens"),
                "cache_read", cacheRead);
        byType.forEach(
            (type, count) -> {
              if (count > 0) { // a counter has no series for a type never reported
                expected.merge(List.of(model, agentType, type), count, Double::sum);
              }
            });
      }
    }
    Map<List<String>, Double> actual = new HashMap<>();
    for (PrometheusText.Sample sample : metrics.matching(TOKENS, Map.of())) {
      Map<String, String> l = sample.labels();
      actual.put(List.of(l.get("model"), l.get("agent_type"), l.get("token_type")), sample.value());
    }
    assertThat(actual)
        .as("%s by (model, agent_type, token_type) vs the phase_complete log lines", TOKENS)
        .isEqualTo(expected);

    double fromResponses =
        exchanges.stream()
            .filter(e -> e.kind() == Kind.COMPLETED)
            .mapToDouble(e -> e.response().json().get("tokens_used").asDouble())
            .sum();
    double fromFailedRequest =
        logs.events(failed.requestId(), "phase_complete").stream()
            .mapToDouble(p -> number(p, "input_tokens") + number(p, "output_tokens"))
            .sum();
    assertThat(metrics.sum(TOKENS, Map.of()))
        .as("%s total = responses' tokens_used + the failed request's completed phases", TOKENS)
        .isEqualTo(fromResponses + fromFailedRequest);
  }

  @Test
  void repeatedTaskIsServedFromCacheWithoutRunningPhases() {
    assertThat(ownRequestId.response().json().get("cached").asBoolean()).isFalse();
    assertThat(repeat.response().json().get("cached").asBoolean())
        .as("the repeated task's response")
        .isTrue();
    assertThat(metrics.value(CACHE, Map.of("hit", "true"))).isEqualTo(1.0);
    // simulated runs (the failed and the slow task) bypass the cache: no lookup, no hit or miss
    long misses =
        exchanges.stream()
            .filter(e -> e.kind() != Kind.CACHED && e != failed && e != slow)
            .count();
    assertThat(metrics.value(CACHE, Map.of("hit", "false")))
        .as("cache misses: the distinct tasks that were not simulated")
        .isEqualTo(misses);
    assertThat(logs.events(repeat.requestId(), "phase_start", "phase_complete", "phase_error"))
        .as("phase events of the cached request")
        .isEmpty();
    assertThat(spansOf(repeat).stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_INTERNAL))
        .as("phase spans of the cached request")
        .isEmpty();
  }

  @Test
  void activeRequestsGaugeReturnsToZero() {
    assertThat(metrics.find("agent_active_requests", Map.of()))
        .as("agent_active_requests after all responses")
        .hasValue(0.0);
  }

  @Test
  void jvmMetricsAreExposedBesideTheAgentMetrics() {
    assertThat(metrics.has("jvm_memory_used_bytes")).as("jvm_memory_used_bytes present").isTrue();
  }

  @Test
  void phaseDurationMetricCountsEveryPhaseOutcome() {
    Map<List<String>, Double> expected = new HashMap<>();
    for (Exchange exchange : exchanges) {
      if (exchange.kind() == Kind.COMPLETED) {
        for (Phase phase : PIPELINE) {
          expected.merge(List.of(phase.name(), phase.agentType(), "ok"), 1.0, Double::sum);
        }
      }
    }
    expected.merge(List.of("planning", "planner", "ok"), 1.0, Double::sum);
    expected.merge(List.of("execution", "research", "ok"), 1.0, Double::sum);
    expected.merge(List.of("execution", "analysis", "error"), 1.0, Double::sum);

    Map<List<String>, Double> actual = new HashMap<>();
    for (PrometheusText.Sample sample : metrics.matching(PHASE_COUNT, Map.of())) {
      Map<String, String> l = sample.labels();
      actual.put(List.of(l.get("phase"), l.get("agent_type"), l.get("status")), sample.value());
    }
    assertThat(actual).as("%s by (phase, agent_type, status)", PHASE_COUNT).isEqualTo(expected);
  }

  // ---- logs

  @Test
  void everyStdoutLineIsOneJsonObject() {
    JsonLines strict = JsonLines.parseStrict(stdout);
    assertThat(strict.all()).as("stdout lines").isNotEmpty();
    for (ObjectNode line : strict.all()) {
      assertThat(text(line, "timestamp")).as("timestamp of %s", line).isNotNull().endsWith("Z");
      assertThat(Instant.parse(text(line, "timestamp"))).as("timestamp of %s", line).isNotNull();
      assertThat(text(line, "level")).as("level of %s", line).isNotBlank();
      assertThat(text(line, "logger")).as("logger of %s", line).isNotBlank();
      assertThat(line.has("message")).as("message in %s", line).isTrue();
    }
  }

  @Test
  void requestLogLinesCarryServiceRequestTraceAndSpanIds() {
    for (Exchange exchange : exchanges) {
      List<ObjectNode> lines = logs.forRequest(exchange.requestId());
      assertThat(lines).as("log lines of request %s", exchange.requestId()).isNotEmpty();
      for (ObjectNode line : lines) {
        if (TASK_EVENTS.contains(text(line, "event"))) {
          assertThat(text(line, "service"))
              .as("service in %s", line)
              .isEqualTo(ObservedApp.SERVICE_NAME);
          assertThat(text(line, "trace_id")).as("trace_id in %s", line).matches("[0-9a-f]{32}");
          assertThat(text(line, "span_id")).as("span_id in %s", line).matches("[0-9a-f]{16}");
        }
      }
    }
  }

  @Test
  void everyRequestLogsOneStartAndExactlyOneOutcome() {
    for (Exchange exchange : exchanges) {
      String id = exchange.requestId();
      assertThat(logs.events(id, "task_start")).as("task_start of %s", id).hasSize(1);
      assertThat(logs.events(id, "task_complete", "task_error").stream().map(l -> text(l, "event")))
          .as("outcome events of %s (HTTP %s)", id, exchange.response().status())
          .containsExactly(exchange.kind() == Kind.FAILED ? "task_error" : "task_complete");
    }
  }

  @Test
  void taskEventsCarryMethodEndpointStatusDurationAndTokens() {
    for (Exchange exchange : exchanges) {
      ObjectNode start = single(logs.events(exchange.requestId(), "task_start"));
      assertThat(text(start, "method")).as("method in %s", start).isEqualTo("POST");
      assertThat(text(start, "path")).as("path in %s", start).isEqualTo(TASK_PATH);
      assertThat(text(start, "endpoint")).as("endpoint in %s", start).isEqualTo(TASK_PATH);
      if (exchange.kind() == Kind.FAILED) {
        continue;
      }
      ObjectNode complete = single(logs.events(exchange.requestId(), "task_complete"));
      assertThat(text(complete, "method")).as("method in %s", complete).isEqualTo("POST");
      assertThat(text(complete, "endpoint")).as("endpoint in %s", complete).isEqualTo(TASK_PATH);
      assertThat(complete.path("status").isNumber()).as("numeric status in %s", complete).isTrue();
      assertThat(complete.path("status").asInt()).as("status in %s", complete).isEqualTo(200);
      assertThat(complete.path("duration_ms").isNumber())
          .as("duration_ms in %s", complete)
          .isTrue();
      assertThat(complete.path("tokens_used").isNumber())
          .as("tokens_used in %s", complete)
          .isTrue();
      if (exchange.kind() == Kind.COMPLETED) {
        long responseTokens = exchange.response().json().path("tokens_used").asLong();
        long phaseTokens =
            logs.events(exchange.requestId(), "phase_complete").stream()
                .mapToLong(p -> p.path("input_tokens").asLong() + p.path("output_tokens").asLong())
                .sum();
        assertThat(responseTokens).as("tokens_used of the response").isPositive();
        assertThat(complete.path("tokens_used").asLong())
            .as("tokens_used in %s vs the response", complete)
            .isEqualTo(responseTokens);
        assertThat(phaseTokens)
            .as("tokens of %s's phases", exchange.requestId())
            .isEqualTo(responseTokens);
      }
    }
    ObjectNode slowComplete = single(logs.events(slow.requestId(), "task_complete"));
    assertThat(slowComplete.path("duration_ms").asDouble())
        .as("duration_ms of the slow task")
        .isGreaterThanOrEqualTo(1500);
  }

  @Test
  void failedRequestAnswers500AndLogsTaskErrorWithTheExceptionType() {
    assertThat(failed.response().status()).isEqualTo(500);
    ObjectNode error = single(logs.events(failed.requestId(), "task_error"));
    assertThat(text(error, "method")).as("method in %s", error).isEqualTo("POST");
    assertThat(text(error, "endpoint")).as("endpoint in %s", error).isEqualTo(TASK_PATH);
    assertThat(error.path("status").isNumber()).as("numeric status in %s", error).isTrue();
    assertThat(error.path("status").asInt()).as("status in %s", error).isEqualTo(500);
    assertThat(error.path("duration_ms").isNumber()).as("duration_ms in %s", error).isTrue();
    assertThat(text(error, "error")).as("error in %s", error).isNotBlank();
    assertThat(text(error, "error_type")).as("error_type in %s", error).contains(STEP_EXCEPTION);
  }

  @Test
  void completedRequestLogsEveryPhaseWithItsAgentAndModel() {
    for (Exchange exchange : exchanges) {
      if (exchange.kind() != Kind.COMPLETED) {
        continue;
      }
      String id = exchange.requestId();
      assertThat(logs.events(id, "phase_start"))
          .as("phase_start of %s: a debug event, off at the default level", id)
          .isEmpty();
      List<ObjectNode> completes = logs.events(id, "phase_complete");
      assertThat(phasesOf(completes))
          .as("phase_complete (phase, agent_type, model) of %s", id)
          .containsExactlyInAnyOrderElementsOf(PIPELINE);
      for (ObjectNode complete : completes) {
        assertThat(complete.path("duration_ms").isNumber())
            .as("duration_ms in %s", complete)
            .isTrue();
        assertThat(complete.path("input_tokens").isNumber())
            .as("input_tokens in %s", complete)
            .isTrue();
        assertThat(complete.path("output_tokens").isNumber())
            .as("output_tokens in %s", complete)
            .isTrue();
      }
      assertThat(logs.events(id, "phase_error")).as("phase_error of %s", id).isEmpty();
    }
  }

  @Test
  void failedRequestLogsPhasesUpToTheFailingStep() {
    String id = failed.requestId();
    assertThat(phasesOf(logs.events(id, "phase_complete")))
        .as("phase_complete of the failed request")
        .containsExactlyInAnyOrder(PIPELINE.get(0), PIPELINE.get(1));
    ObjectNode error = single(logs.events(id, "phase_error"));
    assertThat(text(error, "phase")).as("phase in %s", error).isEqualTo("execution");
    assertThat(text(error, "agent_type")).as("agent_type in %s", error).isEqualTo("analysis");
    assertThat(error.path("duration_ms").isNumber()).as("duration_ms in %s", error).isTrue();
    assertThat(text(error, "error")).as("error in %s", error).isNotBlank();
    assertThat(text(error, "error_type")).as("error_type in %s", error).contains(STEP_EXCEPTION);
  }

  // ---- request id

  @Test
  void responseEchoesTheClientsRequestId() {
    assertThat(ownRequestId.response().requestId()).isEqualTo(OWN_REQUEST_ID);
    assertThat(logs.events(OWN_REQUEST_ID, "task_start", "task_complete"))
        .as("task events logged under the client's request id")
        .hasSize(2);
    assertThat(serverSpan(ownRequestId).attribute("request.id")).isEqualTo(OWN_REQUEST_ID);
  }

  @Test
  void responseCarriesAGeneratedRequestIdThatTheLogsUse() {
    String id = generatedRequestId.response().requestId();
    assertThat(id).as("generated X-Request-ID").isNotBlank().isNotEqualTo(OWN_REQUEST_ID);
    assertThat(logs.events(id, "task_start", "task_complete"))
        .as("task events logged under the generated request id")
        .hasSize(2);
    assertThat(exchanges.stream().map(e -> e.response().requestId()))
        .as("X-Request-ID of every response, unique per request")
        .doesNotContainNull()
        .doesNotHaveDuplicates();
  }

  // ---- traces

  @Test
  void eachRequestIsOneTraceOfAServerSpanAndItsPhaseSpans() {
    for (Exchange exchange : exchanges) {
      ReceivedSpan server = serverSpan(exchange);
      List<ReceivedSpan> phases = phaseSpans(exchange);
      assertThat(phases.stream().map(ReceivedSpan::name))
          .as("phase spans of %s", exchange.requestId())
          .containsExactlyInAnyOrderElementsOf(exchange.kind().phaseNames);
      for (ReceivedSpan phase : phases) {
        assertThat(phase.traceId()).as("trace of %s", phase).isEqualTo(server.traceId());
        assertThat(phase.parentSpanId()).as("parent of %s", phase).isEqualTo(server.spanId());
      }
      List<ReceivedSpan> trace =
          spans.stream()
              .filter(s -> s.traceId().equals(server.traceId()))
              .collect(Collectors.toList());
      List<String> phaseIds =
          phases.stream().map(ReceivedSpan::spanId).collect(Collectors.toList());
      // each phase makes one LLM call (the failing analysis step too: the stub refuses it), and
      // the client's HTTP call is under it
      List<ReceivedSpan> llmCalls =
          trace.stream().filter(s -> s.name().startsWith("chat ")).collect(Collectors.toList());
      List<String> llmIds =
          llmCalls.stream().map(ReceivedSpan::spanId).collect(Collectors.toList());
      assertThat(llmCalls)
          .as("LLM calls of %s", exchange.requestId())
          .hasSize(phases.size())
          .allSatisfy(s -> assertThat(phaseIds).contains(s.parentSpanId()));
      List<ReceivedSpan> httpCalls =
          trace.stream()
              .filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT && !s.name().startsWith("chat "))
              .collect(Collectors.toList());
      assertThat(httpCalls)
          .as("HTTP calls of %s", exchange.requestId())
          .hasSameSizeAs(llmCalls)
          .allSatisfy(s -> assertThat(llmIds).contains(s.parentSpanId()));
      assertThat(trace)
          .as("all spans of trace %s", server.traceId())
          .hasSize(1 + phases.size() + llmCalls.size() + httpCalls.size());
    }
  }

  @Test
  void serverSpanFollowsHttpSemanticConventions() {
    for (Exchange exchange : exchanges) {
      ReceivedSpan server = serverSpan(exchange);
      assertThat(server.name()).isEqualTo("POST " + TASK_PATH);
      assertThat(server.attribute("http.request.method")).as("%s", server).isEqualTo("POST");
      assertThat(server.attribute("url.path")).as("%s", server).isEqualTo(TASK_PATH);
      assertThat(server.attribute("http.route")).as("%s", server).isEqualTo(TASK_PATH);
      assertThat(server.attribute("http.response.status_code"))
          .as("integer status code of %s", server)
          .isEqualTo((long) exchange.response().status());
      assertThat(server.attribute("request.id")).as("%s", server).isEqualTo(exchange.requestId());
    }
  }

  @Test
  void phaseSpansNameThePhaseAndTheAgent() {
    for (Exchange exchange : exchanges) {
      for (ReceivedSpan phase : phaseSpans(exchange)) {
        assertThat(phase.attribute("agent.phase")).as("%s", phase).isEqualTo(phase.name());
        assertThat(phase.attribute("request.id")).as("%s", phase).isEqualTo(exchange.requestId());
        assertThat(phase.attribute("code.function.name"))
            .as("%s", phase)
            .isInstanceOf(String.class)
            .asString()
            .isNotBlank();
      }
      assertThat(
              phaseSpans(exchange).stream()
                  .map(s -> s.name() + "/" + s.attribute("agent.type"))
                  .collect(Collectors.toList()))
          .as("phase/agent.type of %s's spans", exchange.requestId())
          .containsExactlyInAnyOrderElementsOf(exchange.kind().phaseAgents);
    }
  }

  @Test
  void failingPhaseAndItsRequestAreMarkedAsErrors() {
    assertThat(serverSpan(failed).statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    for (ReceivedSpan phase : phaseSpans(failed)) {
      if ("analysis".equals(phase.attribute("agent.type"))) {
        assertThat(phase.statusCode())
            .as("status of %s", phase)
            .isEqualTo(StatusCode.STATUS_CODE_ERROR);
      } else {
        assertThat(phase.statusCode())
            .as("status of %s", phase)
            .isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
      }
    }
    for (Exchange exchange : exchanges) {
      if (exchange != failed) {
        assertThat(spansOf(exchange).stream().map(ReceivedSpan::statusCode))
            .as("span statuses of %s", exchange.requestId())
            .doesNotContain(StatusCode.STATUS_CODE_ERROR);
      }
    }
  }

  @Test
  void logsCarryTheTraceIdOfTheRequestsSpans() {
    for (Exchange exchange : exchanges) {
      ReceivedSpan server = serverSpan(exchange);
      Set<String> spanIds =
          spansOf(exchange).stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
      for (ObjectNode line : logs.forRequest(exchange.requestId())) {
        if (TASK_EVENTS.contains(text(line, "event"))) {
          assertThat(text(line, "trace_id")).as("trace_id in %s", line).isEqualTo(server.traceId());
          assertThat(text(line, "span_id"))
              .as("span_id in %s (one of the request's spans)", line)
              .isIn(spanIds);
        }
      }
    }
  }

  @Test
  void incomingTraceparentIsContinued() {
    ReceivedSpan server = serverSpan(continued);
    assertThat(server.traceId()).as("trace id of %s", server).isEqualTo(incomingTraceId);
    assertThat(server.parentSpanId()).as("parent of %s", server).isEqualTo(incomingParentSpanId);
    assertThat(
            logs.events(continued.requestId(), "task_complete").stream()
                .map(l -> text(l, "trace_id")))
        .containsExactly(incomingTraceId);
  }

  @Test
  void requestsWithoutTraceparentStartTheirOwnRootTrace() {
    for (Exchange exchange : exchanges) {
      if (exchange != continued) {
        assertThat(serverSpan(exchange).parentSpanId())
            .as("parent of %s", serverSpan(exchange))
            .isEmpty();
      }
    }
    assertThat(exchanges.stream().map(e -> serverSpan(e).traceId()))
        .as("one trace per request")
        .doesNotHaveDuplicates();
  }

  @Test
  void spansComeFromTheConfiguredServiceOverOtlpProtobuf() {
    assertThat(receiver.problems()).as("rejected OTLP export requests").isEmpty();
    assertThat(spans).isNotEmpty();
    assertThat(spans.stream().map(s -> s.resource().get("service.name")).distinct())
        .as("resource service.name")
        .containsExactly(ObservedApp.SERVICE_NAME);
  }

  // ---- helpers

  /** Waits until every request's logs, spans and metrics have arrived, then snapshots them. */
  private static void awaitSettledSignals() {
    Set<String> ids =
        exchanges.stream()
            .map(Exchange::requestId)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    Await.pollUntil(
        SIGNAL_TIMEOUT,
        () -> JsonLines.parseLenient(app.stdoutLines()),
        lines ->
            ids.stream()
                .allMatch(id -> !lines.events(id, "task_complete", "task_error").isEmpty()));
    int expectedSpans = exchanges.stream().mapToInt(e -> 1 + e.kind().phaseNames.size()).sum();
    Await.pollUntil(
        SIGNAL_TIMEOUT,
        () -> receiver.spans(s -> ids.contains(s.attribute("request.id"))).size(),
        received -> received >= expectedSpans);
    Await.sleep(Duration.ofSeconds(1)); // a late duplicate span or log line would show up now
    int expectedPhases = exchanges.stream().mapToInt(e -> e.kind().phaseNames.size()).sum();
    metrics =
        Await.pollUntil(
            SIGNAL_TIMEOUT,
            app::scrapeMetrics,
            m ->
                m.sum(REQUESTS, taskLabels()) >= exchanges.size()
                    && m.sum(DURATION + "_count", taskLabels()) >= exchanges.size()
                    && m.sum(PHASE_COUNT, Map.of()) >= expectedPhases
                    && m.value("agent_active_requests", Map.of()) == 0);
    stdout = app.stdoutLines();
    logs = JsonLines.parseLenient(stdout);
    spans = receiver.spans();
  }

  private static Map<String, String> taskLabels(String... more) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("method", "POST");
    labels.put("endpoint", TASK_PATH);
    for (int i = 0; i + 1 < more.length; i += 2) {
      labels.put(more[i], more[i + 1]);
    }
    return labels;
  }

  private static Map<String, String> withLabel(
      Map<String, String> labels, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(labels);
    copy.put(name, value);
    return copy;
  }

  private static List<ReceivedSpan> spansOf(Exchange exchange) {
    return spans.stream()
        .filter(s -> Objects.equals(s.attribute("request.id"), exchange.requestId()))
        .collect(Collectors.toList());
  }

  private static ReceivedSpan serverSpan(Exchange exchange) {
    List<ReceivedSpan> servers =
        spansOf(exchange).stream()
            .filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER)
            .collect(Collectors.toList());
    assertThat(servers)
        .as("SERVER spans with request.id=%s among %s", exchange.requestId(), spans)
        .hasSize(1);
    return servers.get(0);
  }

  private static List<ReceivedSpan> phaseSpans(Exchange exchange) {
    return spansOf(exchange).stream()
        .filter(s -> s.kind() == SpanKind.SPAN_KIND_INTERNAL)
        .collect(Collectors.toList());
  }

  private static List<Phase> phasesOf(List<ObjectNode> events) {
    List<Phase> phases = new ArrayList<>();
    for (ObjectNode event : events) {
      phases.add(new Phase(text(event, "phase"), text(event, "agent_type"), modelOf(event)));
    }
    return phases;
  }

  /** The model of a phase_complete line; for other events, the one the pipeline expects. */
  private static String modelOf(ObjectNode event) {
    if ("phase_complete".equals(text(event, "event"))) {
      return text(event, "model");
    }
    return PIPELINE.stream()
        .filter(p -> p.agentType().equals(text(event, "agent_type")))
        .map(Phase::model)
        .findFirst()
        .orElse(null);
  }

  private static ObjectNode single(List<ObjectNode> lines) {
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  private static double number(JsonNode node, String field) {
    assertThat(node.path(field).isNumber()).as("numeric %s in %s", field, node).isTrue();
    return node.path(field).asDouble();
  }

  private static String randomHex(int bytes) {
    byte[] id = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(id);
    id[0] |= 1; // never the all-zero (invalid) id
    return HexFormat.of().formatHex(id);
  }

  /** What a request should have done inside the app. */
  private enum Kind {
    COMPLETED(PIPELINE),
    CACHED(List.of()),
    FAILED(PIPELINE.subList(0, 3));

    final List<String> phaseNames;
    final List<String> phaseAgents;

    Kind(List<Phase> phases) {
      this.phaseNames = phases.stream().map(Phase::name).collect(Collectors.toList());
      this.phaseAgents =
          phases.stream().map(p -> p.name() + "/" + p.agentType()).collect(Collectors.toList());
    }
  }

  /** One phase of the pipeline. */
  private record Phase(String name, String agentType, String model) {}

  /** One request sent in {@link #sendTraffic()}, with the response it got. */
  private record Exchange(Kind kind, SampleAppClient.Response response) {

    String requestId() {
      return response.requestId();
    }
  }
}
