/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import dev.agentobs.agent.instrumentation.http.Propagation;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.internal.SenderUtil;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK's OTLP/HTTP exporter, as autoconfigure builds it, sending through our sender. */
class UrlConnectionSenderTest {

  /** One request as the collector got it. */
  private record Received(
      String method, String path, String contentType, String encoding, String tenant, byte[] body) {}

  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  /** Statuses to answer, in order; 200 once they run out. */
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private HttpServer collector;

  @BeforeEach
  void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/", this::handle);
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    received.add(
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Content-Encoding"),
            exchange.getRequestHeaders().getFirst("X-Tenant"),
            body));
    Integer status = statuses.poll();
    byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  private String endpoint() {
    return "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";
  }

  private static OtlpHttpSpanExporterBuilder exporter(String endpoint) {
    return OtlpHttpSpanExporter.builder()
        .setEndpoint(endpoint)
        .setTimeout(Duration.ofSeconds(10))
        .setRetryPolicy(
            RetryPolicy.builder()
                .setMaxAttempts(3)
                .setInitialBackoff(Duration.ofMillis(5))
                .setMaxBackoff(Duration.ofMillis(20))
                .build());
  }

  private static SpanData span(String name) {
    return TestSpanData.builder()
        .setSpanContext(
            SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setStartEpochNanos(1_000_000_000L)
        .setEndEpochNanos(2_000_000_000L)
        .setStatus(StatusData.create(StatusCode.OK, ""))
        .setHasEnded(true)
        .build();
  }

  private static CompletableResultCode export(OtlpHttpSpanExporter exporter, String spanName) {
    return exporter.export(List.of(span(spanName))).join(20, TimeUnit.SECONDS);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void postsTheEncodedRequestWithItsHeadersFromAThreadOfTheAgents() {
    OtlpHttpSpanExporter exporter = exporter(endpoint()).addHeader("X-Tenant", "blue").build();
    try {
      CompletableResultCode result = export(exporter, "planning");

      assertThat(result.isSuccess()).isTrue();
      assertThat(received).hasSize(1);
      Received request = received.peek();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/v1/traces");
      assertThat(request.contentType()).isEqualTo("application/x-protobuf");
      assertThat(request.encoding()).isNull();
      assertThat(request.tenant()).isEqualTo("blue");
      assertThat(text(request.body())).contains("planning");
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void gzipCompressesTheBody() throws IOException {
    OtlpHttpSpanExporter exporter = exporter(endpoint()).setCompression("gzip").build();
    try {
      assertThat(export(exporter, "synthesis").isSuccess()).isTrue();

      Received request = received.peek();
      assertThat(request.encoding()).isEqualTo("gzip");
      byte[] body;
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(request.body()))) {
        body = in.readAllBytes();
      }
      assertThat(text(body)).contains("synthesis");
      assertThat(text(request.body())).doesNotContain("synthesis");
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void aBusyCollectorIsRetriedUntilItTakesTheRequest() {
    statuses.add(503);
    statuses.add(429);
    OtlpHttpSpanExporter exporter = exporter(endpoint()).build();
    try {
      assertThat(export(exporter, "execution").isSuccess()).isTrue();
      assertThat(received).hasSize(3);
      assertThat(received).allSatisfy(r -> assertThat(text(r.body())).contains("execution"));
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void aRejectedRequestIsNotRetriedAndFailsTheExport() {
    statuses.add(400);
    OtlpHttpSpanExporter exporter = exporter(endpoint()).build();
    try {
      assertThat(export(exporter, "bad").isSuccess()).isFalse();
      assertThat(received).hasSize(1);
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void aRetriedCollectorThatStaysBusyFailsTheExportAfterTheLastAttempt() {
    for (int i = 0; i < 5; i++) {
      statuses.add(503);
    }
    OtlpHttpSpanExporter exporter = exporter(endpoint()).build();
    try {
      assertThat(export(exporter, "busy").isSuccess()).isFalse();
      assertThat(received).hasSize(3);
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void anUnreachableCollectorFailsTheExportWithoutThrowing() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    OtlpHttpSpanExporter exporter =
        exporter("http://127.0.0.1:" + closedPort + "/v1/traces").build();
    try {
      CompletableResultCode result = export(exporter, "lost");
      assertThat(result.isDone()).isTrue();
      assertThat(result.isSuccess()).isFalse();
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void aGrpcPortFailsTheExportWithAHintToSwitchProtocol() throws IOException {
    Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build();
    grpc.start();
    OtlpHttpSpanExporter exporter =
        exporter("http://127.0.0.1:" + grpc.getPort() + "/v1/traces").build();
    try {
      CompletableResultCode result = export(exporter, "to grpc");
      assertThat(result.isSuccess()).isFalse();
      assertThat(result.getFailureThrowable())
          .rootCause()
          .hasMessageEndingWith(
              "/v1/traces does not answer OTLP/HTTP: is it an OTLP/gRPC port (4317)?"
                  + " Set OTEL_EXPORTER_OTLP_PROTOCOL=grpc");
    } finally {
      exporter.shutdown();
      grpc.shutdownNow();
    }
  }

  @Test
  void theExportersSendWithIt() {
    assertThat(
            SenderUtil.resolveHttpSenderProvider(
                ComponentLoader.forClassLoader(getClass().getClassLoader())))
        .isInstanceOf(UrlConnectionSenderProvider.class);
  }

  @Test
  void itsThreadsAreTheAgentsSoTheHttpClientInstrumentationsSkipThem() {
    Thread sender = new SenderThreads.SenderThread(() -> {}, "probe");
    assertThat(sender.isDaemon()).isTrue();
    assertThat(Propagation.isAgentClass(sender.getClass())).isTrue();
    assertThat(Propagation.isAgentClass(new Thread(() -> {}).getClass())).isFalse();
  }
}
