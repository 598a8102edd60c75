/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.telemetry.traces.http2.Http2Connection;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * Makes OTLP/gRPC's unary calls over the agent's own small HTTP/2 client ({@link
 * Http2Connection}), in place of the SDK's OkHttp sender, whose OkHttp, Okio and Kotlin
 * libraries were 2.5 MB of the agent's jar; the JDK's own HTTP client can neither speak HTTP/2
 * in cleartext without an upgrade (gRPC servers expect prior knowledge) nor read trailers.
 *
 * <p>Connections are kept and reused, one call at a time each. Every call has the configured
 * timeout as its deadline ({@code grpc-timeout}, and the socket is closed when it passes). Retries
 * ({@link ExportRetries}) take a refused or timed-out connection and the statuses gRPC calls
 * transient; a request the server did not process (a refused stream, a GOAWAY, an idle connection
 * it had closed) is sent again at once on a new connection, once.
 */
final class Http2GrpcSender implements GrpcSender {

  /** As the SDK's gRPC exporters retry them. */
  private static final Set<GrpcStatusCode> TRANSIENT =
      EnumSet.of(
          GrpcStatusCode.CANCELLED,
          GrpcStatusCode.DEADLINE_EXCEEDED,
          GrpcStatusCode.RESOURCE_EXHAUSTED,
          GrpcStatusCode.ABORTED,
          GrpcStatusCode.OUT_OF_RANGE,
          GrpcStatusCode.UNAVAILABLE,
          GrpcStatusCode.DATA_LOSS);

  private final GrpcSenderConfig config;
  private final String host;
  private final int port;
  private final String path;
  /** For an https endpoint; {@code null}: cleartext. */
  private final SSLSocketFactory tls;
  private final ExportRetries retries;
  private final ExecutorService executor =
      SenderThreads.newExecutor("agent-obs-otlp-grpc-sender-");
  private final ExchangeDeadlines deadlines;
  private final Deque<Http2Connection> idle = new ConcurrentLinkedDeque<>();

  Http2GrpcSender(GrpcSenderConfig config) {
    this.config = config;
    URI endpoint = config.getEndpoint();
    boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
    this.host = endpoint.getHost();
    this.port = endpoint.getPort() > 0 ? endpoint.getPort() : https ? 443 : 80;
    this.path = "/" + config.getFullMethodName();
    SSLContext context = config.getSslContext();
    this.tls =
        !https
            ? null
            : context != null
                ? context.getSocketFactory()
                : (SSLSocketFactory) SSLSocketFactory.getDefault();
    this.retries = new ExportRetries(config.getRetryPolicy());
    this.deadlines =
        new ExchangeDeadlines(
            config.getTimeout(),
            "agent-obs-otlp-grpc-deadlines",
            "OTLP/gRPC export to " + host + ":" + port);
  }

  @Override
  public void send(
      MessageWriter request, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
    retries.submit(
        executor,
        () -> deadlines.within(deadline -> callOnce(request, deadline)),
        r -> TRANSIENT.contains(r.getStatusCode()),
        onResponse,
        onError);
  }

  @Override
  public CompletableResultCode shutdown() {
    executor.shutdown();
    deadlines.shutdown(); // the deadlines of calls in flight still pass
    closeIdle();
    return CompletableResultCode.ofSuccess();
  }

  private void closeIdle() {
    for (Http2Connection connection; (connection = idle.poll()) != null; ) {
      connection.close();
    }
  }

  private GrpcResponse callOnce(MessageWriter request, ExchangeDeadline deadline)
      throws IOException {
    Http2Connection.Body body = body(request);
    Map<String, String> headers = headers();
    Http2Connection.Response response;
    try {
      response = exchange(headers, body, deadline, idleConnection());
    } catch (Http2Connection.RefusedStreamException refused) {
      // not processed: once more, at once, on a new connection; the other idle ones are most
      // likely as stale as this one was (a collector restarted, say)
      closeIdle();
      response = exchange(headers, body, deadline, null);
    }
    return GrpcResponses.of(response);
  }

  /** The exchange on {@code connection}, or on a new one if it is {@code null}. */
  private Http2Connection.Response exchange(
      Map<String, String> headers,
      Http2Connection.Body body,
      ExchangeDeadline deadline,
      Http2Connection connection)
      throws IOException {
    if (connection == null) {
      connection = connect(deadline);
    }
    deadline.watch(connection);
    Http2Connection.Response response;
    try {
      response = connection.exchange(path, headers, body, maxResponseBody());
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
    deadline.release(); // a late alarm must not close it in the hands of the next call
    if (connection.isReusable()) {
      idle.push(connection);
    } else {
      connection.close();
    }
    return response;
  }

  private Http2Connection idleConnection() {
    for (Http2Connection connection; (connection = idle.poll()) != null; ) {
      try {
        connection.drainIdle();
        if (connection.isReusable()) {
          return connection;
        }
      } catch (IOException | RuntimeException e) {
        // the server went away meanwhile: a new connection will do
      }
      connection.close();
    }
    return null;
  }

  private Http2Connection connect(ExchangeDeadline deadline) throws IOException {
    Socket socket = new Socket();
    deadline.watch(socket);
    Socket transport =
        CollectorSockets.connect(
            socket, host, port, config.getConnectTimeout(), tls, config.getEnabledProtocols(),
            "h2", "HTTP/2 (h2)");
    try {
      return Http2Connection.start(transport, tls != null, host, port);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }


  private Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/grpc");
    headers.put("te", "trailers");
    headers.put("grpc-accept-encoding", "identity,gzip");
    Compressor compressor = config.getCompressor();
    if (compressor != null) {
      headers.put("grpc-encoding", compressor.getEncoding());
    }
    long timeoutMillis = config.getTimeout().toMillis();
    if (timeoutMillis > 0) {
      headers.put("grpc-timeout", Math.min(timeoutMillis, 99_999_999L) + "m");
    }
    Map<String, List<String>> configured = config.getHeadersSupplier().get();
    if (configured != null) {
      configured.forEach(
          (name, values) ->
              headers.merge(name.toLowerCase(Locale.ROOT), String.join(",", values),
                  (a, b) -> a + "," + b));
    }
    return headers;
  }

  /** The length-prefixed message (section "Length-Prefixed-Message" of gRPC over HTTP/2). */
  private Http2Connection.Body body(MessageWriter request) throws IOException {
    Compressor compressor = config.getCompressor();
    if (compressor == null) {
      return out -> {
        writePrefix(out, false, request.getContentLength());
        request.writeMessage(out);
      };
    }
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (OutputStream out = compressor.compress(compressed)) {
      request.writeMessage(out);
    }
    return out -> {
      writePrefix(out, true, compressed.size());
      compressed.writeTo(out);
    };
  }

  private static void writePrefix(OutputStream out, boolean compressed, int length)
      throws IOException {
    out.write(compressed ? 1 : 0);
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
  }

  private long maxResponseBody() {
    long max = config.getMaxResponseBodySize();
    return max <= 0 ? Long.MAX_VALUE : max + 5;
  }
}
