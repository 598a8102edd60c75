/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spans over OTLP/gRPC ({@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc}): the sample app exports to an {@link
 * OtlpGrpcReceiver} (HTTP/2, gRPC framing and trailers) and one task arrives whole, in one trace.
 */
class OtlpGrpcExportIT {

  private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(20);

  @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();

  @Test
  void taskSpansArriveOverGrpc() throws IOException {
    try (OtlpHttpReceiver httpReceiver = OtlpHttpReceiver.start();
        OtlpGrpcReceiver grpcReceiver = OtlpGrpcReceiver.start();
        ObservedApp app =
            output.watch(
                ObservedApp.builder(httpReceiver)
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", grpcReceiver.endpoint())
                    .start())) {
      SampleAppClient.Response response =
          new SampleAppClient(app).postTask("export over grpc " + System.nanoTime(), null);
      assertThat(response.status()).isEqualTo(200);

      ReceivedSpan server =
          grpcReceiver
              .awaitSpans(
                  span ->
                      span.kind() == SpanKind.SPAN_KIND_SERVER
                          && response.requestId().equals(span.attribute("request.id")),
                  1,
                  SIGNAL_TIMEOUT)
              .get(0);
      assertThat(server.name()).isEqualTo("POST " + SampleAppClient.TASK_PATH);
      assertThat(server.resource().get("service.name")).isEqualTo(ObservedApp.SERVICE_NAME);

      List<ReceivedSpan> phases =
          grpcReceiver.awaitSpans(
              span ->
                  span.kind() == SpanKind.SPAN_KIND_INTERNAL
                      && span.traceId().equals(server.traceId()),
              5,
              SIGNAL_TIMEOUT);
      assertThat(phases)
          .extracting(ReceivedSpan::name, span -> span.attribute("agent.type"))
          .containsExactlyInAnyOrder(
              tuple("planning", "planner"),
              tuple("execution", "research"),
              tuple("execution", "analysis"),
              tuple("execution", "writer"),
              tuple("synthesis", "synthesizer"));
      assertThat(phases)
          .allMatch(span -> span.parentSpanId().equals(server.spanId()), "children of the server")
          .allMatch(span -> response.requestId().equals(span.attribute("request.id")), "same id");

      assertThat(grpcReceiver.problems()).as("calls the gRPC receiver rejected").isEmpty();
      assertThat(grpcReceiver.calls())
          .as("every export is a gRPC call over HTTP/2")
          .isNotEmpty()
          .allMatch(
              call ->
                  call.equals(
                      "HTTP/2 POST "
                          + OtlpGrpcReceiver.EXPORT_PATH
                          + " content-type=application/grpc"));
      assertThat(httpReceiver.spans()).as("spans sent over OTLP/HTTP instead").isEmpty();
      assertThat(app.scrapeMetrics().value("agent_obs_spans_export_failed_total", Map.of()))
          .as("spans the agent counted as lost: it took the gRPC answers for success")
          .isZero();
      JsonLines.parseStrict(app.stdoutLines());
    }
  }
}
