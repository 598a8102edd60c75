/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.io.TempDir;
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

/**
 * The SDK's OTLP/HTTP exporter, as autoconfigure builds it, sending through our senders: the
 * agent's HTTP/1.1 client to a collector it reaches directly, {@code HttpURLConnection} through a
 * proxy.
 */
class OtlpHttpSenderTest {

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
  void keepsOneConnectionAcrossExports() throws IOException {
    try (TestTransport.CuttingProxy proxy =
        new TestTransport.CuttingProxy(collector.getAddress().getPort())) {
      OtlpHttpSpanExporter exporter =
          exporter("http://127.0.0.1:" + proxy.port() + "/v1/traces").build();
      try {
        for (int i = 0; i < 3; i++) {
          assertThat(export(exporter, "turn " + i).isSuccess()).isTrue();
        }
        assertThat(received).hasSize(3);
        assertThat(proxy.accepted()).isEqualTo(1);
      } finally {
        exporter.shutdown();
      }
    }
  }

  @Test
  void aConnectionTheCollectorDroppedIsReplacedWithoutLosingAnExport() throws IOException {
    try (TestTransport.CuttingProxy proxy =
        new TestTransport.CuttingProxy(collector.getAddress().getPort())) {
      // no retries: the request on the dropped connection must be sent again all the same
      OtlpHttpSpanExporter exporter =
          exporter("http://127.0.0.1:" + proxy.port() + "/v1/traces")
              .setRetryPolicy(null)
              .build();
      try {
        assertThat(export(exporter, "before").isSuccess()).isTrue();

        proxy.cutAll(); // a collector that restarted, or a middlebox that forgot the connection

        assertThat(export(exporter, "after").isSuccess()).isTrue();
        assertThat(received).extracting(r -> text(r.body()).contains("after")).containsOnlyOnce(true);
        assertThat(proxy.accepted()).isEqualTo(2);
      } finally {
        exporter.shutdown();
      }
    }
  }

  @Test
  void readsAnswersInChunksAfterAContinueAndKeepsTheConnection() throws Exception {
    try (ScriptedCollector scripted =
        new ScriptedCollector(
            "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2;note=x\r\n{}\r\n0\r\nX-Trailer: 1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")) {
      OtlpHttpSpanExporter exporter = exporter(scripted.endpoint()).build();
      try {
        assertThat(export(exporter, "chunked").isSuccess()).isTrue();
        assertThat(export(exporter, "fixed").isSuccess()).isTrue();
        assertThat(scripted.requests()).hasSize(2);
        assertThat(scripted.connections()).isEqualTo(1);
      } finally {
        exporter.shutdown();
      }
    }
  }

  @Test
  void anAnswerThatEndsWithTheConnectionIsReadAndANewOneOpened() throws Exception {
    try (ScriptedCollector scripted =
        new ScriptedCollector(
            "HTTP/1.0 200 OK\r\nContent-Type: application/x-protobuf\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
      OtlpHttpSpanExporter exporter = exporter(scripted.endpoint()).build();
      try {
        for (int i = 0; i < 3; i++) {
          assertThat(export(exporter, "turn " + i).isSuccess()).isTrue();
        }
        assertThat(scripted.connections()).isEqualTo(3);
        String head = scripted.requests().get(0);
        assertThat(head).startsWith("POST /v1/traces HTTP/1.1\r\n");
        assertThat(head).contains("\r\nHost: 127.0.0.1:" + scripted.port() + "\r\n");
        assertThat(head).containsIgnoringCase("\r\nUser-Agent: OTel-OTLP-Exporter-Java/");
      } finally {
        exporter.shutdown();
      }
    }
  }

  @Test
  void aCollectorTooSlowToAnswerIsNotSentTheRequestAgain() throws Exception {
    try (ScriptedCollector scripted =
        new ScriptedCollector("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", SILENCE)) {
      OtlpHttpSpanExporter exporter =
          exporter(scripted.endpoint())
              .setTimeout(Duration.ofMillis(300))
              .setRetryPolicy(null)
              .build();
      try {
        assertThat(export(exporter, "first").isSuccess()).isTrue();
        assertThat(export(exporter, "slow").isSuccess()).isFalse();
      } finally {
        exporter.shutdown();
      }
      Thread.sleep(SILENCE_MILLIS + 500); // a request sent again would have arrived by now
      assertThat(scripted.requests()).hasSize(2);
    }
  }

  @Test
  void aHeaderWithALineBreakIsRefusedNotSent() {
    OtlpHttpSpanExporter exporter =
        exporter(endpoint()).addHeader("X-Tenant", "blue\r\nX-Injected: 1").build();
    try {
      CompletableResultCode result = export(exporter, "injected");
      assertThat(result.isSuccess()).isFalse();
      assertThat(result.getFailureThrowable())
          .rootCause()
          .hasMessageContaining("'X-Tenant' is not a valid HTTP header");
      assertThat(received).isEmpty();
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void aProxiedEndpointIsReachedThroughTheProxy() {
    // the collector plays the proxy: it gets the request with the endpoint's absolute URI
    OtlpHttpSpanExporter exporter =
        exporter("http://collector.invalid:4318/v1/traces")
            .setProxy(
                ProxyOptions.create(
                    new InetSocketAddress("127.0.0.1", collector.getAddress().getPort())))
            .build();
    try {
      assertThat(export(exporter, "proxied").isSuccess()).isTrue();
      assertThat(received).hasSize(1);
      assertThat(received.peek().path()).isEqualTo("/v1/traces");
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void speaksHttpsAndChecksTheCollectorsName(@TempDir Path dir) throws Exception {
    KeyStore localhost = TestTransport.selfSignedLocalhost(dir);
    HttpsServer secure = httpsCollector(localhost);
    OtlpHttpSpanExporter exporter = null;
    try {
      exporter =
          withTrust(exporter("https://localhost:" + secure.getAddress().getPort() + "/v1/traces"),
                  localhost)
              .build();
      assertThat(export(exporter, "secret").isSuccess()).isTrue();
      assertThat(received).hasSize(1);
      assertThat(text(received.peek().body())).contains("secret");
    } finally {
      if (exporter != null) {
        exporter.shutdown();
      }
      secure.stop(0);
    }
  }

  @Test
  void aCertificateForAnotherNameFailsTheExport(@TempDir Path dir) throws Exception {
    KeyStore elsewhere = TestTransport.selfSigned(dir, "SAN=dns:elsewhere.example");
    HttpsServer secure = httpsCollector(elsewhere);
    OtlpHttpSpanExporter exporter = null;
    try {
      exporter =
          withTrust(exporter("https://localhost:" + secure.getAddress().getPort() + "/v1/traces"),
                  elsewhere)
              .setRetryPolicy(null)
              .build();
      CompletableResultCode result = export(exporter, "misdirected");
      assertThat(result.isSuccess()).isFalse();
      assertThat(received).isEmpty();
    } finally {
      if (exporter != null) {
        exporter.shutdown();
      }
      secure.stop(0);
    }
  }

  @Test
  void aCollectorThatStopsReadingFailsTheExportWhenTheTimeoutPasses() throws Exception {
    try (StalledCollector stalled = new StalledCollector()) {
      assertStalledExportTimesOut(exporter(stalled.endpoint()), stalled);
    }
  }

  @Test
  void aProxyThatStopsReadingFailsTheExportWhenTheTimeoutPasses() throws Exception {
    try (StalledCollector stalled = new StalledCollector()) {
      assertStalledExportTimesOut(
          exporter("http://collector.invalid:4318/v1/traces")
              .setProxy(ProxyOptions.create(new InetSocketAddress("127.0.0.1", stalled.port()))),
          stalled);
    }
  }

  /**
   * Sends more than the socket buffers of both ends hold to a peer that reads nothing: the write
   * blocks, and only the deadline ends it (a read timeout never comes into play).
   */
  private static void assertStalledExportTimesOut(
      OtlpHttpSpanExporterBuilder builder, StalledCollector stalled) {
    OtlpHttpSpanExporter exporter =
        builder.setTimeout(Duration.ofMillis(500)).setRetryPolicy(null).build();
    List<SpanData> spans = new java.util.ArrayList<>();
    String name = "x".repeat(64 * 1024);
    for (int i = 0; i < 512; i++) { // 32 MB
      spans.add(span(name));
    }
    try {
      CompletableResultCode result = exporter.export(spans).join(30, TimeUnit.SECONDS);
      assertThat(result.isDone()).as("the export ended").isTrue();
      assertThat(result.isSuccess()).isFalse();
      assertThat(result.getFailureThrowable())
          .hasStackTraceContaining("timed out after 500 ms");
      assertThat(stalled.connections()).isEqualTo(1); // not sent again on a new connection
    } finally {
      exporter.shutdown();
    }
  }

  /** Accepts connections and holds them open, reading nothing. */
  private static final class StalledCollector implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    StalledCollector() throws IOException {
      listener.setReceiveBufferSize(4 * 1024); // inherited by the accepted sockets
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread accepting =
          new Thread(
              () -> {
                while (!listener.isClosed()) {
                  try {
                    held.add(listener.accept());
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      accepting.setDaemon(true);
      accepting.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    String endpoint() {
      return "http://127.0.0.1:" + port() + "/v1/traces";
    }

    int connections() {
      return held.size();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  private HttpsServer httpsCollector(KeyStore keys) throws Exception {
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, TestTransport.PASSWORD);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keyManagers.getKeyManagers(), null, null);
    HttpsServer secure = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    secure.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    secure.createContext("/", this::handle);
    secure.start();
    return secure;
  }

  private static OtlpHttpSpanExporterBuilder withTrust(
      OtlpHttpSpanExporterBuilder builder, KeyStore keys) throws Exception {
    TrustManagerFactory trust = TestTransport.trustingOnly(keys);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    return builder.setSslContext(tls, (X509TrustManager) trust.getTrustManagers()[0]);
  }

  /** A scripted answer that is none: the collector holds the connection, silent, for a while. */
  private static final String SILENCE = "";

  private static final long SILENCE_MILLIS = 1_500;

  /**
   * A collector that answers each request with the next of its scripted answers, as bytes, and
   * closes the connection after an answer that says so (or has no length).
   */
  private static final class ScriptedCollector implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    ScriptedCollector(String... answers) throws IOException {
      Thread serving =
          new Thread(
              () -> {
                int next = 0;
                while (!listener.isClosed()) {
                  try (Socket socket = listener.accept()) {
                    connections.incrementAndGet();
                    InputStream in = socket.getInputStream();
                    while (true) {
                      String head = head(in);
                      if (head == null) {
                        break;
                      }
                      requests.add(head);
                      in.readNBytes(contentLength(head));
                      if (next >= answers.length) {
                        break; // no answer left: the request is counted, the connection closed
                      }
                      String answer = answers[next++];
                      if (answer.equals(SILENCE)) {
                        Thread.sleep(SILENCE_MILLIS);
                        break;
                      }
                      socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                      socket.getOutputStream().flush();
                      if (answer.startsWith("HTTP/1.0") || answer.contains("Connection: close")) {
                        break;
                      }
                    }
                  } catch (IOException e) {
                    // this connection is done; the next one is served
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              });
      serving.setDaemon(true);
      serving.start();
    }

    private static String head(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      for (int b; (b = in.read()) >= 0; ) {
        head.append((char) b);
        if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
          return head.toString();
        }
      }
      return null;
    }

    private static int contentLength(String head) {
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          return Integer.parseInt(line.substring(15).trim());
        }
      }
      return 0;
    }

    int port() {
      return listener.getLocalPort();
    }

    String endpoint() {
      return "http://127.0.0.1:" + port() + "/v1/traces";
    }

    List<String> requests() {
      return requests;
    }

    int connections() {
      return connections.get();
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }

  @Test
  void theExportersSendWithIt() {
    assertThat(
            SenderUtil.resolveHttpSenderProvider(
                ComponentLoader.forClassLoader(getClass().getClassLoader())))
        .isInstanceOf(OtlpHttpSenderProvider.class);
  }

  @Test
  void itsThreadsAreTheAgentsSoTheHttpClientInstrumentationsSkipThem() {
    Thread sender = new SenderThreads.SenderThread(() -> {}, "probe");
    assertThat(sender.isDaemon()).isTrue();
    assertThat(Propagation.isAgentClass(sender.getClass())).isTrue();
    assertThat(Propagation.isAgentClass(new Thread(() -> {}).getClass())).isFalse();
  }
}
