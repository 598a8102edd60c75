/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** TLS over a connected socket, as both of the agent's OTLP senders need it. */
final class TlsSockets {

  /**
   * {@code socket} secured with {@code tls}, its handshake done: the server's certificate is
   * checked against {@code host} (as HTTPS does), {@code protocols} (if any) are the TLS versions
   * offered, and {@code alpn} the one application protocol offered, which the server must not
   * answer with another.
   */
  static SSLSocket secure(
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

  private TlsSockets() {}
}
