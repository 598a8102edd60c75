/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** The connection to a collector, as both of the agent's OTLP senders open it. */
final class CollectorSockets {

  /**
   * Connects {@code socket} (created by the caller, which may watch it or set its read timeout
   * first) to {@code host}:{@code port}, then secures it if {@code tls} is given; closes it if
   * anything fails. A connection that cannot be made is a {@link ExportRetries.ConnectFailure}.
   *
   * @return the socket to speak over: {@code socket}, or the TLS socket layered on it
   */
  static Socket connect(
      Socket socket, String host, int port, Duration connectTimeout, SSLSocketFactory tls,
      List<String> protocols, String alpn, String alpnName)
      throws IOException {
    try {
      socket.connect(
          new InetSocketAddress(host, port),
          (int) Math.min(Integer.MAX_VALUE, Math.max(0, connectTimeout.toMillis())));
    } catch (IOException e) {
      socket.close();
      throw new ExportRetries.ConnectFailure(e);
    }
    try {
      socket.setTcpNoDelay(true);
      return tls == null ? socket : secure(socket, host, port, tls, protocols, alpn, alpnName);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * {@code socket} secured with {@code tls}, its handshake done: the server's certificate is
   * checked against {@code host} (as HTTPS does), {@code protocols} (if any) are the TLS versions
   * offered, and {@code alpn} the one application protocol offered, which the server must not
   * answer with another.
   */
  private static SSLSocket secure(
      Socket socket, String host, int port, SSLSocketFactory tls, List<String> protocols,
      String alpn, String alpnName)
      throws IOException {
    SSLSocket secure = (SSLSocket) tls.createSocket(socket, host, port, true);
    SSLParameters parameters = secure.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {alpn});
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (protocols != null && !protocols.isEmpty()) {
      parameters.setProtocols(protocols.toArray(new String[0]));
    }
    secure.setSSLParameters(parameters);
    secure.startHandshake();
    String negotiated = secure.getApplicationProtocol();
    if (negotiated != null && !negotiated.isEmpty() && !alpn.equals(negotiated)) {
      throw new IOException(
          host + ":" + port + " negotiated " + negotiated + " over TLS, not " + alpnName);
    }
    return secure;
  }

  private CollectorSockets() {}
}
