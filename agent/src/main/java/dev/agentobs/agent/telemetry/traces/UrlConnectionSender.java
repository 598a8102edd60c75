/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * Sends OTLP/HTTP requests with the JDK's {@code HttpURLConnection}, writing the request straight
 * to the socket: for an endpoint behind a proxy, which {@link Http1Sender} does not speak to. The SDK's JDK {@code HttpClient} sender copied each request twice on its way out
 * (into a per-thread array, then into pooled 16 KB buffers), so every sender thread kept about two
 * requests' worth of buffers (some 800 KB at 2,048 spans a batch); and building that client
 * loaded some 700 classes and read the JDK's CA certificates at start-up, even for a plaintext
 * endpoint. Retries ({@link ExportRetries}) take a refused or timed-out connection and the
 * statuses 429, 502, 503 and 504.
 */
final class UrlConnectionSender extends RetryingHttpSender {

  /** Never answers a collector's 401 with the application's credentials. */
  private static final Authenticator NO_CREDENTIALS = new Authenticator() {};

  UrlConnectionSender(HttpSenderConfig config) {
    super(config);
  }

  @Override
  Http1Connection.Response sendOnce(MessageWriter request, ExchangeDeadline deadline)
      throws IOException {
    HttpURLConnection connection = open(config.getEndpoint());
    // its socket closed from another thread: the one way to end a write the proxy stopped reading
    deadline.watch(connection::disconnect);
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setUseCaches(false);
    connection.setInstanceFollowRedirects(false);
    connection.setAuthenticator(NO_CREDENTIALS);
    connection.setConnectTimeout(millis(config.getConnectTimeout().toMillis()));
    connection.setReadTimeout(millis(config.getTimeout().toMillis()));
    connection.setRequestProperty("Content-Type", config.getContentType());
    Map<String, List<String>> headers = config.getHeadersSupplier().get();
    if (headers != null) {
      headers.forEach((name, values) -> values.forEach(v -> connection.addRequestProperty(name, v)));
    }
    Compressor compressor = config.getCompressor();
    if (compressor == null) {
      connection.setFixedLengthStreamingMode(request.getContentLength());
    } else {
      connection.setRequestProperty("Content-Encoding", compressor.getEncoding());
      connection.setChunkedStreamingMode(0);
    }
    try {
      connection.connect();
    } catch (IOException e) {
      throw new ExportRetries.ConnectFailure(e);
    }
    try (OutputStream body = connection.getOutputStream();
        OutputStream out = compressor == null ? body : compressor.compress(body)) {
      request.writeMessage(out);
    }
    int status = statusOf(connection);
    InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    byte[] responseBody = new byte[0];
    if (in != null) {
      try (InputStream response = in) { // read to the end, so the connection is kept alive
        responseBody = response.readNBytes(limit(config.getMaxResponseBodySize()));
        response.transferTo(OutputStream.nullOutputStream());
      }
    }
    return new Http1Connection.Response(status, connection.getResponseMessage(), responseBody);
  }

  /**
   * The response's status. An answer that is no HTTP at all (-1) is most likely an OTLP/gRPC port,
   * HTTP/2 only, given with the default protocol: the failure says so, since the JDK's own message
   * ("Invalid Http response") names neither.
   */
  private int statusOf(HttpURLConnection connection) throws IOException {
    int status = connection.getResponseCode();
    if (status < 0) {
      throw new IOException(
          config.getEndpoint() + " does not answer OTLP/HTTP: is it an OTLP/gRPC port (4317)?"
              + " Set OTEL_EXPORTER_OTLP_PROTOCOL=grpc");
    }
    return status;
  }

  private HttpURLConnection open(URI endpoint) throws IOException {
    URL url = endpoint.toURL();
    Proxy proxy = null;
    if (config.getProxyOptions() != null) {
      List<Proxy> proxies = config.getProxyOptions().getProxySelector().select(endpoint);
      proxy = proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
    }
    HttpURLConnection connection =
        (HttpURLConnection) (proxy == null ? url.openConnection() : url.openConnection(proxy));
    SSLContext tls = config.getSslContext();
    if (tls != null && connection instanceof HttpsURLConnection) {
      ((HttpsURLConnection) connection).setSSLSocketFactory(tls.getSocketFactory());
    }
    return connection;
  }

  private static int millis(long millis) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, millis));
  }

  private static int limit(long maxBytes) {
    return maxBytes <= 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
  }
}
