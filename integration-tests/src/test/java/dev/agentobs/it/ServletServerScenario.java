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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One scenario for every servlet container: a real web app with no observability code (a fixture
 * module) in a child JVM with the agent, asked over HTTP, checked through its spans, JSON logs and
 * metrics. Each server is a one-method subclass naming its fixture.
 *
 * <p>Every fixture serves {@code /users/{id}}, {@code /boom} (the handler throws), {@code /teapot}
 * (418), {@code /async/{id}} (completed 100 ms later on another thread) and nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServletServerScenario {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_SPAN = "00f067aa0ba902b7";

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  OtlpHttpReceiver receiver;
  SourceProbe app;
  int appPort;
  int metricsPort;

  /** The fixture app to run: {@code SourceProbe.builderForMain(...)} with its arguments. */
  abstract SourceProbe.Builder fixture(int port);

  @BeforeAll
  void startApp() throws IOException {
    receiver = OtlpHttpReceiver.start();
    int[] ports = FreePorts.next(2);
    appPort = ports[0];
    metricsPort = ports[1];
    app =
        output.watch(
            fixture(appPort)
                .agentArg("metrics.port", Integer.toString(metricsPort))
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_SERVICE_NAME", "servlet-fixture")
                .env("OTEL_BSP_SCHEDULE_DELAY", "200")
                .start());
    assertThat(ServiceProcess.awaitPort(appPort, WAIT) && ServiceProcess.awaitPort(metricsPort, WAIT))
        .as("the app and its metrics sidecar listen\n%s", app.describe())
        .isTrue();
  }

  @AfterAll
  void stopApp() {
    if (app != null) {
      app.close();
    }
    receiver.close();
  }

  @Test
  void aRequestIsOneServerSpanInTheCallersTraceWithTheRouteTemplate() {
    HttpResponse<String> response =
        get("/users/42", "req-users-42", "traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("user 42");
    assertThat(response.headers().firstValue("X-Request-ID")).hasValue("req-users-42");
    ReceivedSpan span = onlyServerSpan("req-users-42");
    assertThat(span.name()).isEqualTo("GET /users/{id}");
    assertThat(span.traceId()).isEqualTo(TRACE_ID);
    assertThat(span.parentSpanId()).isEqualTo(PARENT_SPAN);
    assertThat(span.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.path", "/users/42")
        .containsEntry("http.route", "/users/{id}")
        .containsEntry("http.response.status_code", 200L)
        .doesNotContainKey("error.type");
    assertThat(span.statusCode()).isEqualTo(StatusCode.STATUS_CODE_UNSET);

    List<ObjectNode> lines = awaitLogs("req-users-42", "task_complete");
    assertThat(lines).extracting(line -> text(line, "event"))
        .containsExactly("task_start", "task_complete");
    assertThat(text(lines.get(1), "endpoint")).isEqualTo("/users/{id}");
    assertThat(text(lines.get(1), "trace_id")).isEqualTo(TRACE_ID);
    assertThat(text(lines.get(1), "span_id")).isEqualTo(span.spanId());
    assertThat(metrics().value(
            "agent_requests_total",
            Map.of("method", "GET", "endpoint", "/users/{id}", "status", "200")))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void anExceptionIsOneFailedRequestEvenThroughTheContainersErrorDispatch() {
    assertThat(get("/boom", "req-boom").statusCode()).isEqualTo(500);

    ReceivedSpan span = onlyServerSpan("req-boom");
    assertThat(span.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(span.attributes())
        .containsEntry("http.route", "/boom")
        .containsEntry("http.response.status_code", 500L)
        .containsKey("error.type");
    List<ObjectNode> lines = awaitLogs("req-boom", "task_error");
    assertThat(lines).extracting(line -> text(line, "event"))
        .containsExactly("task_start", "task_error");
    assertThat(metrics().value(
            "agent_requests_total", Map.of("endpoint", "/boom", "status", "500")))
        .isEqualTo(1);
  }

  @Test
  void aClientErrorIsNoSpanError() {
    assertThat(get("/teapot", "req-teapot").statusCode()).isEqualTo(418);

    ReceivedSpan span = onlyServerSpan("req-teapot");
    assertThat(span.statusCode()).isEqualTo(StatusCode.STATUS_CODE_UNSET);
    assertThat(span.attributes()).containsEntry("http.response.status_code", 418L);
    assertThat(metrics().value(
            "agent_requests_total", Map.of("endpoint", "/teapot", "status", "418")))
        .isEqualTo(1);
  }

  @Test
  void anAsyncRequestEndsWhenItsResponseIsComplete() {
    HttpResponse<String> response = get("/async/5", "req-async");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("async 5");

    ReceivedSpan span = onlyServerSpan("req-async");
    assertThat(span.attributes())
        .containsEntry("http.route", "/async/{id}")
        .containsEntry("http.response.status_code", 200L);
    long nanos = span.proto().getEndTimeUnixNano() - span.proto().getStartTimeUnixNano();
    assertThat(Duration.ofNanos(nanos))
        .as("the span covers the async work, not just the handler's return")
        .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(metrics().value("agent_active_requests", Map.of())).isZero();
  }

  @Test
  void aPathNoRouteMatchesIsCountedUnderALowCardinalityEndpoint() {
    assertThat(get("/nothing/here/123", "req-404").statusCode()).isEqualTo(404);

    ReceivedSpan span = onlyServerSpan("req-404");
    assertThat(span.attributes()).containsEntry("http.response.status_code", 404L);
    assertThat(span.statusCode()).isEqualTo(StatusCode.STATUS_CODE_UNSET);
    assertThat(String.valueOf(span.attribute("http.route"))).doesNotContain("123");
  }

  HttpResponse<String> get(String path, String requestId, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "X-Request-ID";
    all[1] = requestId;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return ServiceProcess.get(URI.create("http://127.0.0.1:" + appPort + path), all);
  }

  /** The request's SERVER span, checked to be its only one (some while after it arrived). */
  ReceivedSpan onlyServerSpan(String requestId) {
    receiver.awaitSpans(
        s -> s.kind() == SpanKind.SPAN_KIND_SERVER && requestId.equals(s.attribute("request.id")),
        1,
        WAIT);
    Await.sleep(Duration.ofMillis(600)); // two export intervals: time for a second span to show
    List<ReceivedSpan> spans = receiver.spans(s -> requestId.equals(s.attribute("request.id")));
    assertThat(spans).as("spans of %s", requestId).hasSize(1);
    return spans.get(0);
  }

  /** The request's log lines, once its {@code last} event was written. */
  List<ObjectNode> awaitLogs(String requestId, String last) {
    Await.pollUntil(
        WAIT,
        () -> JsonLines.parseLenient(app.stdoutLines()).events(requestId, last),
        found -> !found.isEmpty());
    return JsonLines.parseStrict(app.stdoutLines()).forRequest(requestId);
  }

  PrometheusText metrics() {
    return ServiceProcess.scrape(metricsPort);
  }
}
