/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local, deterministic stand-in for OpenAI's chat-completions API ({@link StubCompletions}), on a
 * free loopback port: what the sample's LLM client calls when no LLM endpoint is configured.
 *
 * <p>A plain HTTP/1.1 server on a socket, one request per connection, rather than the JDK's {@code
 * HttpServer}: it stands for a remote provider, so it must not look like one of the service's own
 * endpoints to whatever watches the service's HTTP server.
 */
public final class StubLlmServer implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  private final ServerSocket socket;
  private final ExecutorService workers;

  private StubLlmServer(ServerSocket socket, ExecutorService workers) {
    this.socket = socket;
    this.workers = workers;
  }

  /**
   * Starts the stub on a free loopback port.
   *
   * @return the running stub; {@link #close()} stops it
   * @throws IOException if no port can be bound
   */
  public static StubLlmServer start() throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    ExecutorService workers =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "stub-llm");
              thread.setDaemon(true);
              return thread;
            });
    StubLlmServer server = new StubLlmServer(socket, workers);
    workers.execute(server::acceptLoop);
    return server;
  }

  /**
   * Returns the base URL an OpenAI client is configured with.
   *
   * @return {@code http://127.0.0.1:<port>/v1}
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    workers.shutdownNow();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        workers.execute(() -> serve(connection));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void serve(Socket connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream());
      String requestLine = readLine(in);
      int length = 0;
      for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
        int colon = header.indexOf(':');
        if (colon > 0
            && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
          length = Integer.parseInt(header.substring(colon + 1).trim());
        }
      }
      OutputStream out = connection.getOutputStream();
      if (!requestLine.startsWith("POST ") || !requestLine.contains("/chat/completions")
          || length <= 0 || length > MAX_BODY) {
        respond(out, "404 Not Found", "{\"error\":{\"message\":\"not found\",\"type\":"
            + "\"invalid_request_error\",\"param\":null,\"code\":null}}");
        return;
      }
      JsonNode request = MAPPER.readTree(in.readNBytes(length));
      respond(out, "200 OK", StubCompletions.answer(request));
    } catch (IOException | RuntimeException e) {
      // the client went away or sent garbage: nothing to answer
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static void respond(OutputStream out, String status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }
}
