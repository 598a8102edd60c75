/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Context follows a request's work into other threads ({@code probes/FanOutService.java} in a child
 * JVM with the agent, spans to a real OTLP receiver): every step run on a pool, a forked task, a new
 * thread or a virtual thread is a child of the request's SERVER span in its trace, and its {@code
 * phase_complete} line carries the request id; the same steps started outside any request, on the
 * same (reused) pool threads, are root tasks of their own.
 */
class ContextAcrossThreadsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final SourceProbe.OutputOnFailure OUTPUT = new SourceProbe.OutputOnFailure();

  private static OtlpHttpReceiver receiver;
  private static SourceProbe service;
  private static int port;

  @BeforeAll
  static void startService() throws IOException {
    receiver = OtlpHttpReceiver.start();
    int[] ports = FreePorts.next(2);
    port = ports[0];
    service = OUTPUT.watch(fanOutService(receiver, ports[0], ports[1]).start());
    awaitReady(service, ports[0], ports[1]);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  /**
   * Waits for the probe's port and the agent's sidecar, which opens once the JDK's concurrency
   * classes are re-woven: from then on every request's work is followed.
   */
  static void awaitReady(SourceProbe probe, int port, int metricsPort) {
    for (int p : new int[] {port, metricsPort}) {
      assertThat(ServiceProcess.awaitPort(p, WAIT)).as("port %s\n%s", p, probe.describe()).isTrue();
    }
  }

  /** The probe with the agent, its spans sent to {@code receiver}. */
  static SourceProbe.Builder fanOutService(OtlpHttpReceiver receiver, int port, int metricsPort) {
    return SourceProbe.builder("FanOutService.java")
        .agentArg("metrics.port", Integer.toString(metricsPort))
        .agentArg("metrics.start.delay.ms", "0")
        .agentArg("log.phase.level", "info")
        .jvmOption("-cp", PhasesIncludeIT.bootstrapJar().toString())
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .env("OTEL_SERVICE_NAME", "fan-out")
        .env("OTEL_BSP_SCHEDULE_DELAY", "200")
        .args(Integer.toString(port));
  }

  @ParameterizedTest
  @ValueSource(strings = {"executor", "scheduled", "fork-join", "completable-future", "thread"})
  void everyStepRunElsewhereIsAChildOfTheRequest(String way) {
    assertStepsNestUnderTheRequest(way);
  }

  @Test
  void virtualThreadsRunWithinTheRequest() {
    assumeThat(Runtime.version().feature())
        .as("virtual threads need JDK 21+; this run is on " + Runtime.version())
        .isGreaterThanOrEqualTo(21);
    assertStepsNestUnderTheRequest("virtual");
  }

  @ParameterizedTest
  @ValueSource(strings = {"executor", "fork-join", "completable-future", "thread"})
  void theSameWorkStartedOutsideAnyRequestJoinsNone(String way) {
    // first within a request, so that the pools' threads have run a request's work before
    get("/fanout/" + way, "ctx-before-outside-" + way);
    HttpResponse<String> response = get("/outside/" + way, "ctx-outside-" + way);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    ReceivedSpan server = serverSpan("ctx-outside-" + way);

    List<ObjectNode> roots =
        Await.pollUntil(
            WAIT,
            () -> JsonLines.parseLenient(service.stdoutLines()).all().stream()
                .filter(line -> "task_complete".equals(text(line, "event")))
                .filter(line -> "step".equals(text(line, "task")) || "async-step".equals(text(line, "task")))
                .collect(Collectors.toList()),
            found -> found.size() >= Integer.parseInt(response.body()));
    Set<String> requestIds =
        roots.stream().map(line -> text(line, "request_id")).collect(Collectors.toSet());
    assertThat(requestIds)
        .as("each step outside a request is its own root task")
        .hasSizeGreaterThanOrEqualTo(Integer.parseInt(response.body()))
        .doesNotContain("ctx-outside-" + way, "ctx-before-outside-" + way);
    assertThat(receiver.spans(s -> s.traceId().equals(server.traceId())))
        .as("the request that handed the work over has only its own span")
        .hasSize(1);
  }

  private static void assertStepsNestUnderTheRequest(String way) {
    String requestId = "ctx-" + way;
    HttpResponse<String> response = get("/fanout/" + way, requestId);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    int steps = Integer.parseInt(response.body());
    ReceivedSpan server = serverSpan(requestId);

    List<ReceivedSpan> trace =
        receiver.awaitSpans(s -> s.traceId().equals(server.traceId()), 1 + steps, WAIT);
    List<ReceivedSpan> phases =
        trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_INTERNAL)
            .collect(Collectors.toList());
    assertThat(phases).hasSizeGreaterThanOrEqualTo(steps);
    for (ReceivedSpan phase : phases) {
      String parent =
          phase.name().equals("step") && !asyncStepIds(trace).isEmpty()
                  && asyncStepIds(trace).contains(phase.parentSpanId())
              ? phase.parentSpanId()
              : server.spanId();
      assertThat(phase.parentSpanId()).as("parent of %s in %s", phase.name(), trace).isEqualTo(parent);
      assertThat(phase.attribute("request.id")).isEqualTo(requestId);
    }
    List<ObjectNode> completed =
        Await.pollUntil(
            WAIT,
            () -> JsonLines.parseLenient(service.stdoutLines()).events(requestId, "phase_complete"),
            found -> found.size() >= phases.size());
    assertThat(completed).hasSize(phases.size());
    assertThat(completed).allSatisfy(line -> {
      assertThat(text(line, "trace_id")).isEqualTo(server.traceId());
      assertThat(text(line, "agent_type")).isEqualTo("worker");
    });
    ObjectNode done =
        Await.pollUntil(
            WAIT,
            () -> JsonLines.parseLenient(service.stdoutLines()).events(requestId, "task_complete"),
            found -> !found.isEmpty()).get(0);
    assertThat(done.get("tokens_used").asLong()).as("every step's tokens counted in the request")
        .isEqualTo(3L * phases.size());
  }

  private static Set<String> asyncStepIds(List<ReceivedSpan> trace) {
    return trace.stream().filter(s -> s.name().equals("async-step")).map(ReceivedSpan::spanId)
        .collect(Collectors.toSet());
  }

  private static ReceivedSpan serverSpan(String requestId) {
    return receiver
        .awaitSpans(
            s -> s.kind() == SpanKind.SPAN_KIND_SERVER && requestId.equals(s.attribute("request.id")),
            1,
            WAIT)
        .get(0);
  }

  private static HttpResponse<String> get(String path, String requestId) {
    return ServiceProcess.get(URI.create("http://127.0.0.1:" + port + path), "X-Request-ID", requestId);
  }
}
