/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.Protocol;
import okio.Buffer;

/**
 * An OTLP/gRPC trace receiver on a free loopback port: an HTTP/2 server (prior knowledge, no TLS)
 * that decodes each unary {@code TraceService/Export} call's length-prefixed message and answers
 * with an empty {@code ExportTraceServiceResponse} and the trailer {@code grpc-status: 0}.
 *
 * <pre>{@code
 * try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start()) {
 *   // OTEL_EXPORTER_OTLP_PROTOCOL=grpc, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint()
 *   receiver.awaitSpans(s -> s.kind() == SPAN_KIND_SERVER, 1, ofSeconds(10));
 * }
 * }</pre>
 */
final class OtlpGrpcReceiver implements AutoCloseable {

  static final String EXPORT_PATH =
      "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

  /** gRPC status codes used here. */
  private static final int OK = 0;
  private static final int INVALID_ARGUMENT = 3;
  private static final int UNIMPLEMENTED = 12;

  private final MockWebServer server = new MockWebServer();
  private final ReceivedSpans received = new ReceivedSpans();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private OtlpGrpcReceiver() {}

  /** Binds a free loopback port and starts serving HTTP/2 with prior knowledge. */
  static OtlpGrpcReceiver start() throws IOException {
    OtlpGrpcReceiver receiver = new OtlpGrpcReceiver();
    receiver.server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    receiver.server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return receiver.handle(request);
          }
        });
    receiver.server.start(InetAddress.getLoopbackAddress(), 0);
    return receiver;
  }

  /** {@code OTEL_EXPORTER_OTLP_ENDPOINT}, with {@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** Every span received so far, in arrival order. */
  List<ReceivedSpan> spans() {
    return received.all();
  }

  List<ReceivedSpan> spans(Predicate<? super ReceivedSpan> filter) {
    return received.matching(filter);
  }

  /**
   * Waits until at least {@code count} received spans match {@code filter} and returns the matching
   * ones; fails listing what did arrive if they don't within {@code timeout}.
   */
  List<ReceivedSpan> awaitSpans(
      Predicate<? super ReceivedSpan> filter, int count, Duration timeout) {
    return received.await(filter, count, timeout, () -> "over gRPC (calls: " + calls + ")");
  }

  /**
   * One line per call received: {@code "<version> <method> <path> content-type=<type>"}, e.g.
   * {@code "HTTP/2 POST /opentelemetry.proto.collector.trace.v1.TraceService/Export
   * content-type=application/grpc"}.
   */
  List<String> calls() {
    return List.copyOf(calls);
  }

  /** Calls this receiver had to reject (unknown method, bad framing, undecodable message, …). */
  List<String> problems() {
    return received.problems();
  }

  @Override
  public void close() {
    server.close();
  }

  private MockResponse handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    calls.add(
        request.getVersion()
            + " "
            + request.getMethod()
            + " "
            + path
            + " content-type="
            + request.getHeaders().get("content-type"));
    if (!"POST".equals(request.getMethod()) || !EXPORT_PATH.equals(path)) {
      received.problem("unexpected call " + request.getMethod() + " " + path);
      return grpcResponse(UNIMPLEMENTED);
    }
    try {
      received.store(ExportTraceServiceRequest.parseFrom(message(request)));
      return grpcResponse(OK);
    } catch (IOException | IllegalArgumentException e) {
      received.problem("undecodable export call: " + e);
      return grpcResponse(INVALID_ARGUMENT);
    }
  }

  /**
   * The one message of a unary call: a 5-byte prefix (compressed flag, big-endian length), then the
   * message, gzip-compressed if the flag is 1 (with {@code grpc-encoding: gzip}).
   */
  private static byte[] message(RecordedRequest request) throws IOException {
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    if (body.length < 5) {
      throw new IllegalArgumentException("a gRPC body of " + body.length + " bytes");
    }
    int compressed = body[0];
    int length = ByteBuffer.wrap(body, 1, 4).getInt();
    if (length != body.length - 5) {
      throw new IllegalArgumentException(
          "gRPC frame says " + length + " bytes, " + (body.length - 5) + " follow");
    }
    byte[] message = Arrays.copyOfRange(body, 5, body.length);
    if (compressed == 0) {
      return message;
    }
    String encoding = request.getHeaders().get("grpc-encoding");
    if (compressed != 1 || !"gzip".equalsIgnoreCase(encoding)) {
      throw new IllegalArgumentException(
          "compressed flag " + compressed + " with grpc-encoding " + encoding);
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(message))) {
      return in.readAllBytes();
    }
  }

  /** An empty {@code ExportTraceServiceResponse} (a zero-length message) and the status trailer. */
  private static MockResponse grpcResponse(int status) {
    Buffer body = new Buffer();
    if (status == OK) {
      body.write(new byte[5]); // not compressed, length 0
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("content-type", "application/grpc")
        .body(body)
        .trailers(Headers.of("grpc-status", Integer.toString(status)))
        .build();
  }

}
