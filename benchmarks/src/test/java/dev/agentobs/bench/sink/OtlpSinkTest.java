/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpSinkTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer sink;

  @AfterEach
  void stopSink() {
    sink.stop(0);
    ((ExecutorService) sink.getExecutor()).shutdownNow();
  }

  @Test
  void countsTheSpansOfFullExportBatchesPlainAndGzipped() throws Exception {
    sink = OtlpSink.start(0);
    byte[] batch = request(512).toByteArray();

    assertThat(post(batch, false)).isEqualTo(200);
    assertThat(post(gzip(batch), true)).isEqualTo(200);

    assertThat(get("/count")).isEqualTo("1024");
    assertThat(get("/problems")).isEqualTo("0");
  }

  @Test
  void countsTheSpansOfAnOtlpGrpcExportInTheSameCount() throws Exception {
    OtlpSink.Counts counts = new OtlpSink.Counts();
    sink = OtlpSink.start(0, counts);
    Server grpc = OtlpSink.startGrpc(0, counts);
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpc.getPort()).usePlaintext().build();
    try {
      MethodDescriptor<byte[], byte[]> export =
          MethodDescriptor.<byte[], byte[]>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
              .setRequestMarshaller(new Bytes())
              .setResponseMarshaller(new Bytes())
              .build();

      ClientCalls.blockingUnaryCall(
          channel, export, CallOptions.DEFAULT, request(300).toByteArray());

      assertThat(get("/count")).isEqualTo("300");
      assertThat(get("/problems")).isEqualTo("0");
    } finally {
      channel.shutdownNow();
      grpc.shutdownNow();
    }
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

  @Test
  void anUndecodableBodyIsA400AndCountedAsAProblem() throws Exception {
    sink = OtlpSink.start(0);

    assertThat(post(new byte[] {0, 0, 0}, false)).isEqualTo(400);

    assertThat(get("/count")).isEqualTo("0");
    assertThat(get("/problems")).isEqualTo("1");
  }

  private int post(byte[] body, boolean gzipped) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/v1/traces"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzipped) {
      request.header("Content-Encoding", "gzip");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private String get(String path) throws IOException, InterruptedException {
    return client
        .send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString())
        .body()
        .trim();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + path);
  }

  private static ExportTraceServiceRequest request(int spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < spans; i++) {
      scope.addSpans(
          Span.newBuilder()
              .setName("phase " + i)
              .setTraceId(ByteString.copyFrom(new byte[16]))
              .setSpanId(ByteString.copyFrom(new byte[8])));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
        .build();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }
}
