/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code OTEL_TRACES_EXPORTER=zipkin}: the agent's spans reach a real Zipkin server through the
 * OpenTelemetry Zipkin exporter, and a request's trace, found by the trace id its JSON log lines
 * carry, holds the server span with every phase span as its child.
 */
class ZipkinTracesIT {

  @RegisterExtension static final AppOutputOnFailure OUTPUT = new AppOutputOnFailure();

  private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(30);
  private static final String SERVICE = "zipkin-checked-service";

  private static ZipkinServer zipkin;
  private static OtlpHttpReceiver otlp;
  private static ObservedApp app;
  private static SampleAppClient.Response completed;
  private static SampleAppClient.Response failed;
  private static JsonLines logs;

  @BeforeAll
  static void sendTraffic() throws IOException {
    zipkin = ZipkinServer.start();
    otlp = OtlpHttpReceiver.start(); // must stay empty: the exporter is Zipkin's, not OTLP
    app =
        OUTPUT.watch(
            ObservedApp.builder(otlp)
                .agentArg("log.phase.level", "info")
                .env("OTEL_TRACES_EXPORTER", "zipkin")
                .env("OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint())
                .env("OTEL_SERVICE_NAME", SERVICE)
                .start());
    SampleAppClient client = new SampleAppClient(app);
    String run = Long.toHexString(System.nanoTime());
    completed = client.postTask("summarize the zipkin docs " + run, null);
    failed = client.postTask("analyse the zipkin outage " + run, "error");
    logs =
        Await.pollUntil(
            SIGNAL_TIMEOUT,
            () -> JsonLines.parseLenient(app.stdoutLines()),
            l ->
                !l.events(completed.requestId(), "task_complete").isEmpty()
                    && !l.events(failed.requestId(), "task_error").isEmpty());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {app, otlp, zipkin}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void completedRequestIsOneZipkinTraceOfTheServerSpanAndItsPhaseSpans() {
    assertThat(completed.status()).isEqualTo(200);
    Trace trace = traceOf(completed, "task_complete");

    JsonNode server = trace.span(trace.serverSpanId);
    assertThat(server.path("kind").asText()).isEqualTo("SERVER");
    assertThat(server.has("parentId")).as("server span is the root: %s", server).isFalse();
    assertThat(server.path("name").asText()).isEqualToIgnoringCase("POST /api/v1/task");
    assertThat(server.path("localEndpoint").path("serviceName").asText()).isEqualTo(SERVICE);
    assertThat(server.path("tags").path("http.response.status_code").asText()).isEqualTo("200");
    assertThat(server.path("tags").path("request.id").asText()).isEqualTo(completed.requestId());

    assertThat(trace.phaseNames())
        .as("phase spans, in log order")
        .containsExactly("planning", "execution", "execution", "execution", "synthesis");
    for (String phaseSpanId : trace.phaseSpanIds) {
      JsonNode phase = trace.span(phaseSpanId);
      assertThat(phase.path("parentId").asText()).as("parent of %s", phase).isEqualTo(trace.serverSpanId);
      assertThat(phase.has("kind")).as("phase spans are INTERNAL (no Zipkin kind): %s", phase).isFalse();
      assertThat(phase.path("tags").path("agent.phase").asText()).isEqualTo(phase.path("name").asText());
      assertThat(phase.path("tags").path("request.id").asText()).isEqualTo(completed.requestId());
    }
    // each phase's LLM call is a CLIENT child of the phase, with the client's HTTP call under it
    List<JsonNode> llmCalls = new ArrayList<>();
    for (JsonNode span : trace.spans) {
      if (span.path("name").asText().startsWith("chat ")) {
        llmCalls.add(span);
      }
    }
    assertThat(llmCalls).as("LLM call spans").hasSize(trace.phaseSpanIds.size())
        .allSatisfy(call -> {
          assertThat(call.path("kind").asText()).isEqualTo("CLIENT");
          assertThat(trace.phaseSpanIds).contains(call.path("parentId").asText());
          assertThat(call.path("tags").path("gen_ai.provider.name").asText()).isEqualTo("openai");
        });
    assertThat(trace.spans).as("the server, phase, LLM-call and HTTP-call spans")
        .hasSize(1 + trace.phaseSpanIds.size() + 2 * llmCalls.size());
  }

  @Test
  void failedRequestMarksTheFailingPhaseAndTheServerSpanAsErrors() {
    assertThat(failed.status()).isEqualTo(500);
    Trace trace = traceOf(failed, "task_error");

    JsonNode server = trace.span(trace.serverSpanId);
    assertThat(server.path("tags").path("http.response.status_code").asText()).isEqualTo("500");
    assertThat(server.path("tags").has("error")).as("error tag of %s", server).isTrue();

    List<String> failing = new ArrayList<>();
    for (String phaseSpanId : trace.phaseSpanIds) {
      JsonNode phase = trace.span(phaseSpanId);
      assertThat(phase.path("parentId").asText()).as("parent of %s", phase).isEqualTo(trace.serverSpanId);
      if (phase.path("tags").has("error")) {
        failing.add(phase.path("tags").path("agent.type").asText());
      }
    }
    assertThat(failing).as("agent types of the phase spans tagged error").containsExactly("analysis");
  }

  @Test
  void spansGoToZipkinOnlyUnderTheConfiguredServiceName() {
    traceOf(completed, "task_complete"); // waits until Zipkin has the request's spans
    assertThat(zipkin.services()).extracting(JsonNode::asText).containsExactly(SERVICE);
    assertThat(otlp.spans()).as("spans sent over OTLP").isEmpty();
    assertThat(app.stderrLines())
        .as("the start-up banner names the Zipkin endpoint")
        .anySatisfy(l -> assertThat(l).contains("traces zipkin " + zipkin.spansEndpoint()));
    PrometheusText metrics = app.scrapeMetrics();
    assertThat(metrics.value("agent_obs_spans_export_failed_total", Map.of()))
        .as("spans the Zipkin exporter failed to deliver")
        .isZero();
    // it posts with HttpURLConnection, which the agent observes on any thread but its own
    String zipkinHost = URI.create(zipkin.spansEndpoint()).getAuthority();
    assertThat(metrics.sum("agent_http_client_requests_total", Map.of("host", zipkinHost)))
        .as("HTTP calls to Zipkin the agent observed: spans about exporting spans")
        .isZero();
  }

  /**
   * The request's trace as Zipkin stores it (with its LLM and HTTP calls), with the span ids its log
   * lines name: the server span's from the task line, each phase span's from its phase_complete or
   * phase_error line.
   */
  private static Trace traceOf(SampleAppClient.Response response, String taskEvent) {
    List<ObjectNode> task = logs.events(response.requestId(), taskEvent);
    assertThat(task).as("%s lines of %s", taskEvent, response.requestId()).hasSize(1);
    String traceId = text(task.get(0), "trace_id");
    List<String> phaseSpanIds =
        logs.events(response.requestId(), "phase_complete", "phase_error").stream()
            .map(l -> text(l, "span_id"))
            .collect(Collectors.toList());
    assertThat(phaseSpanIds).as("phase lines of %s", response.requestId()).isNotEmpty();
    // every phase that completed made one LLM call, which made one HTTP call
    int calls = logs.events(response.requestId(), "phase_complete").size();
    String serverSpanId = text(task.get(0), "span_id");
    List<String> named = new ArrayList<>(phaseSpanIds);
    named.add(serverSpanId);
    // the count is a floor: a failing phase may have made its call too, and the server span, ended
    // last, may come in a later batch than the calls
    JsonNode spans =
        zipkin.trace(traceId, 1 + phaseSpanIds.size() + 2 * calls, named, SIGNAL_TIMEOUT);
    return new Trace(spans, serverSpanId, phaseSpanIds);
  }

  /** Zipkin's spans of one trace and the span ids the logs gave for it. */
  private static final class Trace {
    final JsonNode spans;
    final String serverSpanId;
    final List<String> phaseSpanIds;

    Trace(JsonNode spans, String serverSpanId, List<String> phaseSpanIds) {
      this.spans = spans;
      this.serverSpanId = serverSpanId;
      this.phaseSpanIds = phaseSpanIds;
    }

    JsonNode span(String id) {
      for (JsonNode span : spans) {
        if (span.path("id").asText().equals(id)) {
          return span;
        }
      }
      throw new AssertionError("Zipkin has no span " + id + " in trace " + spans);
    }

    List<String> phaseNames() {
      return phaseSpanIds.stream().map(id -> span(id).path("name").asText()).collect(Collectors.toList());
    }
  }
}
