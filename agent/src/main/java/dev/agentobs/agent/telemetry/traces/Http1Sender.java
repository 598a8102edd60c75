/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends OTLP/HTTP requests over the agent's own HTTP/1.1 connections ({@link Http1Connection}),
 * kept alive and reused. The JDK's {@code HttpURLConnection} did the same with far more code on
 * the path: a liveness probe of every kept connection (a read with a timeout), its header
 * parsing, and the URL and proxy handling of every request. Its export path, called a few dozen
 * times a second, reached the JIT's thresholds minutes into the load, and compiling it was a fifth
 * of the compilers' time then (0.6 s for one method, 2026-12-07 22:29 UTC); a request also cost
 * its sender thread more. An endpoint reached through a proxy still goes through it ({@link
 * UrlConnectionSender}).
 *
 * <p>Retries ({@link ExportRetries}) take a refused or timed-out connection and the statuses 429,
 * 502, 503 and 504; a request on a kept connection that the collector had closed meanwhile is sent
 * again at once on a new one, once. The configured timeout bounds the whole attempt, from
 * connecting to the answer's last byte ({@link ExchangeDeadline}); a collector too slow for it is
 * not sent the request again, as it may still process it.
 */
final class Http1Sender extends RetryingHttpSender {

  /** Collectors close idle connections (Go's servers after their idle timeout): not reused. */
  private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final String host;
  private final int port;
  /** For an https endpoint; {@code null}: cleartext. */
  private final SSLSocketFactory tls;
  /** The request line and the headers that never change, with the line end after the last. */
  private final String headStart;
  private final Deque<Http1Connection> idle = new ConcurrentLinkedDeque<>();

  Http1Sender(HttpSenderConfig config) {
    super(config);
    URI endpoint = config.getEndpoint();
    boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
    this.host = endpoint.getHost();
    this.port = endpoint.getPort() > 0 ? endpoint.getPort() : https ? 443 : 80;
    SSLContext context = config.getSslContext();
    this.tls =
        !https
            ? null
            : context != null
                ? context.getSocketFactory()
                : (SSLSocketFactory) SSLSocketFactory.getDefault();
    String target = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
        ? "/" : endpoint.getRawPath();
    if (endpoint.getRawQuery() != null) {
      target += "?" + endpoint.getRawQuery();
    }
    Compressor compressor = config.getCompressor();
    this.headStart =
        "POST " + target + " HTTP/1.1\r\n"
            + "Host: " + host + (endpoint.getPort() > 0 ? ":" + port : "") + "\r\n"
            + field("Content-Type", config.getContentType())
            + (compressor == null ? "" : field("Content-Encoding", compressor.getEncoding()));
  }

  /**
   * Whether this sender can reach {@code config}'s endpoint: directly, with no proxy configured
   * for the exporter or chosen by the JVM's proxy selector ({@code http.proxyHost} and the like).
   */
  static boolean reachesDirectly(HttpSenderConfig config) {
    if (config.getProxyOptions() != null) {
      return false;
    }
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) {
      return true;
    }
    try {
      for (Proxy proxy : selector.select(config.getEndpoint())) {
        if (proxy.type() != Proxy.Type.DIRECT) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false; // let HttpURLConnection ask it again, and report what it says
    }
  }

  @Override
  void release() {
    for (Http1Connection connection; (connection = idle.poll()) != null; ) {
      connection.close();
    }
  }

  @Override
  Http1Connection.Response sendOnce(MessageWriter request, ExchangeDeadline deadline)
      throws IOException {
    Http1Connection.Body body;
    int length;
    Compressor compressor = config.getCompressor();
    if (compressor == null) {
      body = request::writeMessage;
      length = request.getContentLength();
    } else {
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      try (OutputStream out = compressor.compress(compressed)) {
        request.writeMessage(out);
      }
      body = compressed::writeTo;
      length = compressed.size();
    }
    byte[] head = head(length);
    Http1Connection kept = idleConnection();
    if (kept != null) {
      try {
        return exchange(kept, head, body, deadline);
      } catch (Http1Connection.NoAnswer stale) {
        if (deadline.passed()) {
          throw stale; // the deadline closed it, not the collector
        }
        // not processed: the collector had closed it; once more, at once, on a new connection
      }
    }
    try {
      return exchange(connect(deadline), head, body, deadline);
    } catch (Http1Connection.NotHttp e) {
      // the one line says it all: the bytes that came back are no use to a reader
      throw new IOException(
          config.getEndpoint() + " does not answer OTLP/HTTP: is it an OTLP/gRPC port (4317)?"
              + " Set OTEL_EXPORTER_OTLP_PROTOCOL=grpc");
    }
  }

  private Http1Connection.Response exchange(
      Http1Connection connection, byte[] head, Http1Connection.Body body, ExchangeDeadline deadline)
      throws IOException {
    deadline.watch(connection);
    Http1Connection.Response response;
    try {
      response = connection.exchange(head, body, maxResponseBody());
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
    deadline.release();
    if (connection.isReusable()) {
      idle.push(connection);
    } else {
      connection.close();
    }
    return response;
  }

  private Http1Connection idleConnection() {
    for (Http1Connection connection; (connection = idle.poll()) != null; ) {
      if (connection.isReusable() && !connection.idleLongerThan(MAX_IDLE_NANOS)) {
        return connection;
      }
      connection.close();
    }
    return null;
  }

  private Http1Connection connect(ExchangeDeadline deadline) throws IOException {
    Socket socket = new Socket();
    deadline.watch(socket); // a TLS handshake the collector stalls in, too
    Socket transport =
        CollectorSockets.connect(
            socket, host, port, config.getConnectTimeout(), tls, config.getEnabledProtocols(),
            "http/1.1", "HTTP/1.1");
    try {
      return new Http1Connection(transport);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private byte[] head(int contentLength) throws IOException {
    StringBuilder head = new StringBuilder(headStart.length() + 128).append(headStart);
    head.append(field("Content-Length", Integer.toString(contentLength)));
    Map<String, List<String>> headers = config.getHeadersSupplier().get();
    if (headers != null) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        for (String value : header.getValue()) {
          head.append(checkedField(header.getKey(), value));
        }
      }
    }
    return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String field(String name, String value) {
    return name + ": " + value + "\r\n";
  }

  /** A configured header as a field; one that would break the request's framing is refused. */
  private static String checkedField(String name, String value) throws IOException {
    boolean badName = name.isEmpty();
    for (int i = 0; i < name.length() && !badName; i++) {
      char c = name.charAt(i);
      badName = c <= ' ' || c >= 0x7F || c == ':';
    }
    if (badName || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IOException(
          "the OTLP header '" + name.replaceAll("[^ -~]", "?")
              + "' is not a valid HTTP header (a line break, or a bad name): not sent");
    }
    return field(name, value);
  }

  private long maxResponseBody() {
    long max = config.getMaxResponseBodySize();
    return max <= 0 ? Integer.MAX_VALUE - 8 : max;
  }
}
