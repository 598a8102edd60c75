/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * A service whose handler sends its whole response and only then returns, a moment later (closing
 * resources, writing an audit record): the client has its answer while the request is still in
 * progress. ShutdownIT stops it in that moment.
 *
 * <pre>
 * java [-javaagent:agent-obs.jar=...] LingeringHandler.java PORT LINGER_MILLIS
 * </pre>
 */
public class LingeringHandler {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long lingerNanos = Long.parseLong(args[1]) * 1_000_000L;
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/answer",
        exchange -> {
          byte[] body = "answered\n".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
          exchange.close();
          LockSupport.parkNanos(lingerNanos);
        });
    server.start();
  }
}
