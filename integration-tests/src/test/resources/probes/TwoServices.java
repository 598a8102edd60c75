/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Two services with no observability code, a gateway calling a worker over HTTP, run in
 * source-file mode by TwoServicesOneTraceIT, each in its own JVM with the agent attached. Writes
 * nothing to stdout (the agent's JSON log stream).
 *
 * <pre>
 * java -javaagent:agent-obs.jar=... TwoServices.java worker PORT
 *   GET /work        200 "worked"
 *   GET /fail        503
 *   anything else    404 (a root context: the JDK server's endpoint is then the folded path)
 * java -javaagent:agent-obs.jar=... TwoServices.java gateway PORT WORKER_PORT
 *   GET /ask         calls worker /work with HttpClient.send, answers its status and body
 *   GET /ask-async   the same with HttpClient.sendAsync, joined
 *   GET /ask-legacy  the same with HttpURLConnection
 *   GET /ask-failing calls worker /fail (503) and answers 502
 *   GET /ask-nowhere calls a port nobody listens on and answers 502
 * </pre>
 */
public class TwoServices {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public static void main(String[] args) throws Exception {
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])), 0);
    if (args[0].equals("worker")) {
      server.createContext("/work", exchange -> answer(exchange, 200, "worked"));
      server.createContext("/fail", exchange -> answer(exchange, 503, "unavailable"));
      server.createContext("/", exchange -> answer(exchange, 404, "no such page"));
    } else {
      String worker = "http://127.0.0.1:" + args[2];
      int nowhere = Integer.parseInt(args[3]);
      server.createContext("/ask", exchange -> {
        try {
          HttpResponse<String> response = CLIENT.send(get(worker + "/work"), body());
          answer(exchange, response.statusCode(), "gateway: " + response.body());
        } catch (InterruptedException e) {
          answer(exchange, 500, e.toString());
        }
      });
      server.createContext("/ask-async", exchange -> {
        HttpResponse<String> response = CLIENT.sendAsync(get(worker + "/work"), body()).join();
        answer(exchange, response.statusCode(), "gateway: " + response.body());
      });
      server.createContext("/ask-legacy", exchange -> {
        HttpURLConnection connection =
            (HttpURLConnection) new URL(worker + "/work").openConnection();
        int status = connection.getResponseCode();
        String text;
        try (InputStream in = connection.getInputStream()) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        answer(exchange, status, "gateway: " + text);
      });
      server.createContext("/ask-failing", exchange -> {
        try {
          HttpResponse<String> response = CLIENT.send(get(worker + "/fail"), body());
          answer(exchange, 502, "worker said " + response.statusCode());
        } catch (InterruptedException e) {
          answer(exchange, 500, e.toString());
        }
      });
      server.createContext("/ask-nowhere", exchange -> {
        try {
          CLIENT.send(get("http://127.0.0.1:" + nowhere + "/void"), body());
          answer(exchange, 500, "unexpected answer");
        } catch (IOException | InterruptedException e) {
          answer(exchange, 502, "no worker: " + e.getClass().getSimpleName());
        }
      });
    }
    server.start();
    System.err.println("TwoServices: " + args[0] + " serving on port " + args[1]);
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
