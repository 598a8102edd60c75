/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@link Http2GrpcSender} against a real gRPC server: grpc-java's, on Netty, a second HTTP/2
 * implementation beside the OkHttp server the integration tests receive OTLP/gRPC with.
 */
class Http2GrpcSenderTest {

  private static final String SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";
  private static final String METHOD = SERVICE + "/Export";

  private final List<byte[]> received = new CopyOnWriteArrayList<>();
  private final List<Metadata> receivedHeaders = new CopyOnWriteArrayList<>();
  /** What the server answers, call by call; OK once they run out. */
  private final Queue<Status> answers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile long answerDelayMillis;
  /** Ends a delayed answer's wait when the test is over, so that nothing writes after it. */
  private final CountDownLatch testOver = new CountDownLatch(1);
  private Server server;
  private Http2GrpcSender sender;

  @BeforeAll
  static void quietServer() { // Netty's frame-by-frame DEBUG log would bury the test output
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.grpc")).setLevel(Level.INFO);
  }

  @AfterEach
  void stop() throws InterruptedException {
    testOver.countDown();
    if (sender != null) {
      sender.shutdown();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void sendsTheMessageWithItsHeadersAndReadsTheStatus() throws Exception {
    start(NettyServerBuilder.forAddress(loopback(0)));
    sender =
        new Http2GrpcSender(config().headers(Map.of("Authorization", List.of("Bearer t0ken"))));
    byte[] message = randomBytes(300);

    GrpcResponse response = send(message);

    assertThat(response.getStatusCode()).isEqualTo(GrpcStatusCode.OK);
    assertThat(received).containsExactly(message);
    Metadata headers = receivedHeaders.get(0);
    assertThat(headers.get(key("authorization"))).isEqualTo("Bearer t0ken");
    assertThat(headers.get(key("content-type"))).isEqualTo("application/grpc");
  }

  @Test
  void aMessageLargerThanTheFlowControlWindowsArrivesWhole() throws Exception {
    start(NettyServerBuilder.forAddress(loopback(0)).flowControlWindow(65_535));
    sender = new Http2GrpcSender(config());
    byte[] message = randomBytes(3 * 1024 * 1024 + 17);

    assertThat(send(message).getStatusCode()).isEqualTo(GrpcStatusCode.OK);
    assertThat(received).hasSize(1);
    assertThat(received.get(0)).isEqualTo(message);
  }

  @Test
  void aGzipCompressedMessageIsReadBackByTheServer() throws Exception {
    start(NettyServerBuilder.forAddress(loopback(0)));
    sender = new Http2GrpcSender(config().compressor(new Gzip()));
    byte[] message = new byte[200_000]; // compressible: mostly zeros
    message[1234] = 42;

    assertThat(send(message).getStatusCode()).isEqualTo(GrpcStatusCode.OK);
    assertThat(received.get(0)).isEqualTo(message);
    assertThat(receivedHeaders.get(0).get(key("grpc-encoding"))).isEqualTo("gzip");
  }

  @Test
  void callsOneAfterAnotherShareOneConnection() throws Exception {
    start(NettyServerBuilder.forAddress(loopback(0)));
    sender = new Http2GrpcSender(config());

    for (int i = 0; i < 20; i++) {
      assertThat(send(randomBytes(100 + i)).getStatusCode()).isEqualTo(GrpcStatusCode.OK);
    }
    assertThat(received).hasSize(20);
    assertThat(connections).hasValue(1);
  }

  @Test
  void aFailedCallsStatusAndPercentEncodedMessageAreTheResponses() throws Exception {
    start(NettyServerBuilder.forAddress(loopback(0)));
    sender = new Http2GrpcSender(config());
    answers.add(Status.INVALID_ARGUMENT.withDescription("span 7 is 100% wrong: \"☃\"\n"));

    GrpcResponse response = send(randomBytes(10));

    assertThat(response.getStatusCode()).isEqualTo(GrpcStatusCode.INVALID_ARGUMENT);
    assertThat(response.getStatusDescription()).isEqualTo("span 7 is 100% wrong: \"☃\"\n");
  }

  @Test
  void aTransientStatusIsRetriedAsThePolicySays() throws Exception {
    start(NettyServerBuilder.forAddress(loopback(0)));
    sender = new Http2GrpcSender(config().retry(fastRetries()));
    answers.add(Status.UNAVAILABLE);
    answers.add(Status.RESOURCE_EXHAUSTED);

    assertThat(send(randomBytes(10)).getStatusCode()).isEqualTo(GrpcStatusCode.OK);
    assertThat(received).hasSize(3);
  }

  @Test
  void withoutRetriesATransientStatusIsTheAnswer() throws Exception {
    start(NettyServerBuilder.forAddress(loopback(0)));
    sender = new Http2GrpcSender(config());
    answers.add(Status.UNAVAILABLE);

    assertThat(send(randomBytes(10)).getStatusCode()).isEqualTo(GrpcStatusCode.UNAVAILABLE);
    assertThat(received).hasSize(1);
  }

  @Test
  void aServerThatDoesNotAnswerInTimeFailsTheCallAtItsDeadline() throws Exception {
    start(NettyServerBuilder.forAddress(loopback(0)));
    sender = new Http2GrpcSender(config().timeout(Duration.ofMillis(300)));
    answerDelayMillis = 3_000;

    Throwable error = sendExpectingError(randomBytes(10));

    assertThat(error)
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("timed out after 300 ms");
  }

  @Test
  void aConnectionTheServerRetiredIsReplacedWithoutLosingACall() throws Exception {
    start(NettyServerBuilder.forAddress(loopback(0)).maxConnectionIdle(1, TimeUnit.SECONDS));
    sender = new Http2GrpcSender(config());
    assertThat(send(randomBytes(10)).getStatusCode()).isEqualTo(GrpcStatusCode.OK);

    Thread.sleep(2_500); // the server sends GOAWAY to the idle connection and closes it

    assertThat(send(randomBytes(11)).getStatusCode()).isEqualTo(GrpcStatusCode.OK);
    assertThat(received).hasSize(2);
    assertThat(connections).hasValue(2);
  }

  @Test
  void speaksHttp2OverTlsNegotiatedWithAlpn(@TempDir Path dir) throws Exception {
    KeyStore keys = TestTransport.selfSignedLocalhost(dir);
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, TestTransport.PASSWORD);
    start(
        NettyServerBuilder.forAddress(
            loopback(0),
            TlsServerCredentials.newBuilder().keyManager(keyManagers.getKeyManagers()).build()));
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, TestTransport.trustingOnly(keys).getTrustManagers(), null);
    sender =
        new Http2GrpcSender(
            config().endpoint("https://localhost:" + server.getPort()).tls(tls));
    byte[] message = randomBytes(100_000);

    assertThat(send(message).getStatusCode()).isEqualTo(GrpcStatusCode.OK);
    assertThat(received.get(0)).isEqualTo(message);
  }

  @Test
  void aConnectionCutWithoutGoawayIsReplacedWithoutLosingACall() throws Exception {
    start(NettyServerBuilder.forAddress(loopback(0)));
    try (TestTransport.CuttingProxy proxy = new TestTransport.CuttingProxy(server.getPort())) {
      sender = new Http2GrpcSender(config().endpoint("http://127.0.0.1:" + proxy.port()));
      assertThat(send(randomBytes(10)).getStatusCode()).isEqualTo(GrpcStatusCode.OK);

      proxy.cutAll(); // a collector that restarted, or a middlebox that forgot the connection

      assertThat(send(randomBytes(11)).getStatusCode()).isEqualTo(GrpcStatusCode.OK);
      assertThat(received).hasSize(2);
      assertThat(connections).hasValue(2);
    }
  }

  @Test
  void anHttp1EndpointIsToldApartInOneLine() throws Exception {
    HttpServer http1 = HttpServer.create(loopback(0), 0);
    http1.start();
    try {
      sender =
          new Http2GrpcSender(
              config().endpoint("http://127.0.0.1:" + http1.getAddress().getPort()));
      Throwable error = sendExpectingError(randomBytes(10));
      assertThat(error.getMessage())
          .contains("does not speak HTTP/2")
          .contains("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf")
          .doesNotContain("\n");
    } finally {
      http1.stop(0);
    }
  }

  @Test
  void aRefusedConnectionIsAnErrorAndNothingHangs() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    sender = new Http2GrpcSender(config().endpoint("http://127.0.0.1:" + port));

    assertThat(sendExpectingError(randomBytes(10))).isInstanceOf(ConnectException.class);
  }

  // ---- the server ----

  private void start(NettyServerBuilder builder) throws IOException {
    MethodDescriptor<byte[], byte[]> export =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(METHOD)
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();
    ServerCallHandler<byte[], byte[]> handler =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            private byte[] message;

            @Override
            public void onMessage(byte[] m) {
              message = m;
            }

            @Override
            public void onHalfClose() {
              received.add(message);
              receivedHeaders.add(headers);
              if (answerDelayMillis > 0) {
                try {
                  if (testOver.await(answerDelayMillis, TimeUnit.MILLISECONDS)) {
                    // the server is stopping: an answer now would go to a terminated event loop,
                    // which gRPC logs as a SEVERE error in the middle of the next test's output
                    return;
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              Status status = answers.poll();
              if (status == null || status.isOk()) {
                call.sendHeaders(new Metadata());
                call.sendMessage(new byte[0]);
                call.close(Status.OK, new Metadata());
              } else {
                call.close(status, new Metadata());
              }
            }
          };
        };
    server =
        builder
            .addService(ServerServiceDefinition.builder(SERVICE).addMethod(export, handler).build())
            .addTransportFilter(
                new ServerTransportFilter() {
                  @Override
                  public io.grpc.Attributes transportReady(io.grpc.Attributes attributes) {
                    connections.incrementAndGet();
                    return attributes;
                  }
                })
            .build()
            .start();
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // ---- the client ----

  private GrpcResponse send(byte[] message) throws Exception {
    CompletableFuture<GrpcResponse> outcome = new CompletableFuture<>();
    sender.send(writer(message), outcome::complete, outcome::completeExceptionally);
    return outcome.get(30, TimeUnit.SECONDS);
  }

  private Throwable sendExpectingError(byte[] message) throws Exception {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    sender.send(
        writer(message),
        response -> outcome.completeExceptionally(new AssertionError("answered " + response)),
        outcome::complete);
    return outcome.get(30, TimeUnit.SECONDS);
  }

  private static MessageWriter writer(byte[] message) {
    return new MessageWriter() {
      @Override
      public void writeMessage(OutputStream out) throws IOException {
        out.write(message);
      }

      @Override
      public int getContentLength() {
        return message.length;
      }
    };
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  private static RetryPolicy fastRetries() {
    return RetryPolicy.builder()
        .setMaxAttempts(5)
        .setInitialBackoff(Duration.ofMillis(5))
        .setMaxBackoff(Duration.ofMillis(20))
        .build();
  }

  private Config config() {
    return new Config("http://127.0.0.1:" + (server == null ? 1 : server.getPort()));
  }

  private static final class Gzip implements Compressor {
    @Override
    public String getEncoding() {
      return "gzip";
    }

    @Override
    public OutputStream compress(OutputStream out) throws IOException {
      return new GZIPOutputStream(out);
    }
  }

  /** The settings an OTLP/gRPC exporter hands its sender. */
  private static final class Config implements GrpcSenderConfig {
    private URI endpoint;
    private Compressor compressor;
    private Duration timeout = Duration.ofSeconds(10);
    private RetryPolicy retry;
    private Map<String, List<String>> headers = Map.of();
    private SSLContext tls;

    Config(String endpoint) {
      this.endpoint = URI.create(endpoint);
    }

    Config endpoint(String endpoint) {
      this.endpoint = URI.create(endpoint);
      return this;
    }

    Config compressor(Compressor compressor) {
      this.compressor = compressor;
      return this;
    }

    Config timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    Config retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    Config tls(SSLContext tls) {
      this.tls = tls;
      return this;
    }

    Config headers(Map<String, List<String>> headers) {
      this.headers = headers;
      return this;
    }

    @Override
    public URI getEndpoint() {
      return endpoint;
    }

    @Override
    public String getFullMethodName() {
      return METHOD;
    }

    @Override
    public Compressor getCompressor() {
      return compressor;
    }

    @Override
    public Duration getTimeout() {
      return timeout;
    }

    @Override
    public Duration getConnectTimeout() {
      return Duration.ofSeconds(5);
    }

    @Override
    public Supplier<Map<String, List<String>>> getHeadersSupplier() {
      return () -> headers;
    }

    @Override
    public RetryPolicy getRetryPolicy() {
      return retry;
    }

    @Override
    public SSLContext getSslContext() {
      return tls;
    }

    @Override
    public X509TrustManager getTrustManager() {
      return null;
    }

    @Override
    public ExecutorService getExecutorService() {
      return null;
    }
  }
}
