/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OTLP/HTTP trace receiver (binary protobuf, optionally gzip) on a free loopback port. It
 * keeps every span it receives; the tests read them back with {@link #spans()} and {@link
 * #awaitSpans}.
 *
 * <pre>{@code
 * try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
 *   // OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint()
 *   List<ReceivedSpan> servers =
 *       receiver.awaitSpans(s -> s.kind() == SPAN_KIND_SERVER, 1, ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Or one for each test of a class, closed after it: {@code @RegisterExtension final
 * OtlpHttpReceiver receiver = OtlpHttpReceiver.forEachTest();}
 */
final class OtlpHttpReceiver implements AutoCloseable, AfterEachCallback {

  private static final String TRACES_PATH = "/v1/traces";
  private static final String PROTOBUF = "application/x-protobuf";

  private final HttpServer server;
  private final ExecutorService executor;
  private final ReceivedSpans received = new ReceivedSpans();
  private final List<String> otherRequests = new CopyOnWriteArrayList<>();

  private OtlpHttpReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds a free loopback port and starts serving. */
  static OtlpHttpReceiver start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "otlp-receiver");
              thread.setDaemon(true);
              return thread;
            });
    OtlpHttpReceiver receiver = new OtlpHttpReceiver(server, executor);
    server.createContext("/", receiver::handle);
    server.setExecutor(executor);
    server.start();
    return receiver;
  }

  /** Started now (a test instance's field), closed after the test as a registered extension. */
  static OtlpHttpReceiver forEachTest() {
    try {
      return start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The value for {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the exporter appends /v1/traces). */
  String endpoint() {
    return "http://127.0.0.1:" + port();
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
    return received.await(filter, count, timeout, () -> "");
  }

  /** Export requests this receiver had to reject (wrong content type, undecodable body, …). */
  List<String> problems() {
    return received.problems();
  }

  /** "METHOD path" of requests to anything but POST /v1/traces (answered 404). */
  List<String> otherRequests() {
    return List.copyOf(otherRequests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      if (!request.equals("POST " + TRACES_PATH)) {
        exchange.getRequestBody().readAllBytes();
        otherRequests.add(request);
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.startsWith(PROTOBUF)) {
        exchange.getRequestBody().readAllBytes();
        received.problem("unsupported Content-Type: " + contentType);
        exchange.sendResponseHeaders(415, -1);
        return;
      }
      ExportTraceServiceRequest export;
      try {
        export = ExportTraceServiceRequest.parseFrom(body(exchange));
      } catch (InvalidProtocolBufferException e) {
        received.problem("undecodable export request: " + e);
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      received.store(export);
      byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
      // an empty protobuf message is zero bytes: -1 means "no body", 0 would mean chunked
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        exchange.getResponseBody().write(response);
      }
    } catch (RuntimeException | IOException e) {
      received.problem("receiver failed: " + e);
      throw e;
    } finally {
      exchange.close();
    }
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    try (InputStream in =
        "gzip".equalsIgnoreCase(encoding)
            ? new GZIPInputStream(exchange.getRequestBody())
            : exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

}
