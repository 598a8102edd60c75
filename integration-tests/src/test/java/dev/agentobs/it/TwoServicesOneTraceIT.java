/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two services, one trace: a gateway and a worker ({@code probes/TwoServices.java}), each in its
 * own JVM with the agent, the gateway calling the worker with {@code HttpClient.send}, {@code
 * sendAsync} and {@code HttpURLConnection}. Every call must come out as one trace across both
 * processes (gateway SERVER, its CLIENT child, the worker's SERVER grandchild), with one request id
 * in both services' logs, and as metrics on both sides.
 */
class TwoServicesOneTraceIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String UUID_V4 =
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  @RegisterExtension
  static final SourceProbe.OutputOnFailure OUTPUT = new SourceProbe.OutputOnFailure();

  private static OtlpHttpReceiver receiver;
  private static SourceProbe worker;
  private static SourceProbe gateway;
  private static int workerPort;
  private static int gatewayPort;
  private static int workerMetrics;
  private static int gatewayMetrics;

  @BeforeAll
  static void startServices() throws IOException {
    receiver = OtlpHttpReceiver.start();
    int[] ports = FreePorts.next(5);
    workerPort = ports[0];
    gatewayPort = ports[1];
    workerMetrics = ports[2];
    gatewayMetrics = ports[3];
    worker = OUTPUT.watch(service("worker", workerMetrics, "worker", Integer.toString(workerPort)));
    gateway =
        OUTPUT.watch(
            service(
                "gateway",
                gatewayMetrics,
                "gateway",
                Integer.toString(gatewayPort),
                Integer.toString(workerPort),
                Integer.toString(ports[4])));
    for (int port : new int[] {workerPort, gatewayPort, workerMetrics, gatewayMetrics}) {
      assertThat(ServiceProcess.awaitPort(port, WAIT))
          .as("port %s accepts connections\n%s\n%s", port, worker.describe(), gateway.describe())
          .isTrue();
    }
  }

  @AfterAll
  static void stopServices() {
    for (AutoCloseable closeable : new AutoCloseable[] {gateway, worker, receiver}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ask", "/ask-async", "/ask-legacy"})
  void oneTraceAndOneRequestIdAcrossBothServices(String path) {
    String requestId = "two-services" + path.replace('/', '-');
    HttpResponse<String> response = ServiceProcess.get(gateway(path), "X-Request-ID", requestId);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("gateway: worked");

    List<ReceivedSpan> spans = awaitTrace(requestId, 3);
    ReceivedSpan gatewayServer = only(spans, "gateway", SpanKind.SPAN_KIND_SERVER);
    ReceivedSpan gatewayClient = only(spans, "gateway", SpanKind.SPAN_KIND_CLIENT);
    ReceivedSpan workerServer = only(spans, "worker", SpanKind.SPAN_KIND_SERVER);
    assertThat(gatewayServer.name()).isEqualTo("GET " + path);
    assertThat(gatewayServer.parentSpanId()).as("the gateway's request is the root").isEmpty();
    assertThat(gatewayClient.parentSpanId()).isEqualTo(gatewayServer.spanId());
    assertThat(workerServer.parentSpanId())
        .as("the worker's span is the child of the gateway's CLIENT span")
        .isEqualTo(gatewayClient.spanId());
    assertThat(List.of(gatewayClient.traceId(), workerServer.traceId()))
        .containsOnly(gatewayServer.traceId());

    assertThat(gatewayClient.name()).isEqualTo("GET");
    assertThat(gatewayClient.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) workerPort)
        .containsEntry("url.full", "http://127.0.0.1:" + workerPort + "/work")
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("request.id", requestId)
        .doesNotContainKey("error.type");
    assertThat(gatewayClient.statusCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(workerServer.name()).isEqualTo("GET /work");
    assertThat(workerServer.attribute("request.id")).isEqualTo(requestId);

    ObjectNode workerDone = awaitLog(worker, requestId, "task_complete");
    assertThat(text(workerDone, "trace_id")).isEqualTo(gatewayServer.traceId());
    assertThat(text(workerDone, "span_id")).isEqualTo(workerServer.spanId());
    ObjectNode gatewayDone = awaitLog(gateway, requestId, "task_complete");
    assertThat(text(gatewayDone, "span_id")).isEqualTo(gatewayServer.spanId());

    PrometheusText gatewayMetricsNow = ServiceProcess.scrape(gatewayMetrics);
    assertThat(
            gatewayMetricsNow.value(
                "agent_requests_total", Map.of("endpoint", path, "status", "200")))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            gatewayMetricsNow.value(
                "agent_http_client_requests_total",
                Map.of("method", "GET", "host", "127.0.0.1:" + workerPort, "status", "200")))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            gatewayMetricsNow.value(
                "agent_http_client_request_duration_seconds_count",
                Map.of("method", "GET", "host", "127.0.0.1:" + workerPort)))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            ServiceProcess.scrape(workerMetrics)
                .value("agent_requests_total", Map.of("endpoint", "/work", "status", "200")))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void aRequestIdTheGatewayGeneratedTravelsToTheWorker() {
    HttpResponse<String> response = ServiceProcess.get(gateway("/ask"));
    String generated = response.headers().firstValue("X-Request-ID").orElseThrow();

    List<ReceivedSpan> spans = awaitTrace(generated, 3);
    assertThat(spans).extracting(s -> s.resource().get("service.name"))
        .containsOnly("gateway", "worker");
    // each process names itself with a random version 4 UUID of its own, on each of its spans
    assertThat(spans)
        .extracting(s -> (String) s.resource().get("service.instance.id"))
        .allSatisfy(id -> assertThat(id).matches(UUID_V4));
    assertThat(spans.stream().map(s -> s.resource().get("service.instance.id")).distinct())
        .as("one id a process")
        .hasSize(2);
    assertThat(text(awaitLog(worker, generated, "task_complete"), "request_id"))
        .isEqualTo(generated);
  }

  @Test
  void aSampledOutRequestIsExportedByNeitherServiceYetLoggedAndCountedByBoth() {
    String requestId = "two-services-unsampled";
    String traceId = "5a1c0ffee0000000000000000000beef";
    String traceparent = "00-" + traceId + "-00f067aa0ba902b7-00";
    assertThat(
            ServiceProcess.get(
                    gateway("/ask"), "X-Request-ID", requestId, "traceparent", traceparent)
                .statusCode())
        .isEqualTo(200);

    ObjectNode workerDone = awaitLog(worker, requestId, "task_complete");
    ObjectNode gatewayDone = awaitLog(gateway, requestId, "task_complete");
    assertThat(text(workerDone, "trace_id"))
        .as("the unsampled trace still reaches the worker")
        .isEqualTo(traceId)
        .isEqualTo(text(gatewayDone, "trace_id"));
    // an exported span would be in by now: the next sampled trace arrives after it would have
    ServiceProcess.get(gateway("/ask"), "X-Request-ID", "two-services-after-unsampled");
    awaitTrace("two-services-after-unsampled", 3);
    assertThat(receiver.spans(s -> s.traceId().equals(traceId))).isEmpty();
    assertThat(
            ServiceProcess.scrape(workerMetrics)
                .value("agent_requests_total", Map.of("endpoint", "/work", "status", "200")))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void anErrorAnswerMakesBothSidesSpansErrors() {
    String requestId = "two-services-failing";
    assertThat(ServiceProcess.get(gateway("/ask-failing"), "X-Request-ID", requestId).statusCode())
        .isEqualTo(502);

    List<ReceivedSpan> spans = awaitTrace(requestId, 3);
    ReceivedSpan client = only(spans, "gateway", SpanKind.SPAN_KIND_CLIENT);
    ReceivedSpan workerServer = only(spans, "worker", SpanKind.SPAN_KIND_SERVER);
    assertThat(client.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(client.attributes())
        .containsEntry("http.response.status_code", 503L)
        .containsEntry("error.type", "503");
    assertThat(workerServer.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(workerServer.parentSpanId()).isEqualTo(client.spanId());
    assertThat(
            ServiceProcess.scrape(gatewayMetrics)
                .value(
                    "agent_http_client_requests_total",
                    Map.of("host", "127.0.0.1:" + workerPort, "status", "503")))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void aCallThatGetsNoAnswerIsRecordedAsAnError() {
    String requestId = "two-services-nowhere";
    assertThat(ServiceProcess.get(gateway("/ask-nowhere"), "X-Request-ID", requestId).statusCode())
        .isEqualTo(502);

    List<ReceivedSpan> spans = awaitTrace(requestId, 2);
    ReceivedSpan client = only(spans, "gateway", SpanKind.SPAN_KIND_CLIENT);
    assertThat(client.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(client.attributes())
        .containsEntry("error.type", "java.net.ConnectException")
        .doesNotContainKey("http.response.status_code");
    assertThat(
            ServiceProcess.scrape(gatewayMetrics)
                .sum("agent_http_client_requests_total", Map.of("status", "error")))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void theAgentsOwnSpanExportsAreNotObserved() {
    ServiceProcess.get(gateway("/ask"), "X-Request-ID", "two-services-export");
    awaitTrace("two-services-export", 3);
    // by now both agents have exported spans at least once, with HttpURLConnection
    String exportUrl = receiver.endpoint() + "/v1/traces";
    assertThat(receiver.spans(span -> exportUrl.equals(span.attribute("url.full")))).isEmpty();
    for (int metrics : new int[] {gatewayMetrics, workerMetrics}) {
      assertThat(
              ServiceProcess.scrape(metrics)
                  .matching(
                      "agent_http_client_requests_total",
                      Map.of("host", "127.0.0.1:" + receiver.port())))
          .as("client calls to the OTLP receiver")
          .isEmpty();
    }
  }

  private static SourceProbe service(String name, int metricsPort, String... args) {
    return SourceProbe.builder("TwoServices.java")
        .agentArg("metrics.port", Integer.toString(metricsPort))
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .env("OTEL_SERVICE_NAME", name)
        .env("OTEL_BSP_SCHEDULE_DELAY", "200")
        .args(args)
        .start();
  }

  private static URI gateway(String path) {
    return URI.create("http://127.0.0.1:" + gatewayPort + path);
  }

  /** The spans of the trace whose gateway SERVER span carries {@code requestId}. */
  private static List<ReceivedSpan> awaitTrace(String requestId, int count) {
    ReceivedSpan root =
        receiver
            .awaitSpans(
                s -> s.kind() == SpanKind.SPAN_KIND_SERVER
                    && requestId.equals(s.attribute("request.id"))
                    && "gateway".equals(s.resource().get("service.name")),
                1,
                WAIT)
            .get(0);
    Predicate<ReceivedSpan> inTrace = s -> s.traceId().equals(root.traceId());
    return receiver.awaitSpans(inTrace, count, WAIT);
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, String service, SpanKind kind) {
    List<ReceivedSpan> found =
        spans.stream()
            .filter(s -> s.kind() == kind && service.equals(s.resource().get("service.name")))
            .collect(Collectors.toList());
    assertThat(found).as("%s %s spans in %s", service, kind, spans).hasSize(1);
    return found.get(0);
  }

  private static ObjectNode awaitLog(SourceProbe probe, String requestId, String event) {
    List<ObjectNode> lines =
        Await.pollUntil(
            WAIT,
            () -> JsonLines.parseLenient(probe.stdoutLines()).events(requestId, event),
            found -> !found.isEmpty());
    assertThat(lines).as("%s lines of %s\n%s", event, requestId, probe.describe()).hasSize(1);
    return lines.get(0);
  }
}
