/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it.llmstub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deterministic stand-in for an LLM provider's HTTP API on a free loopback port, speaking the
 * provider's real wire format (JSON bodies, server-sent events, error bodies) so that the
 * provider's official SDK parses its answers as it would the real service's.
 *
 * <p>What a request gets is chosen by its {@code model}: a model ending in {@link #RATE_LIMITED}
 * is always refused with 429, one ending in {@link #BROKEN} always fails with 500, and one ending
 * in {@link #FLAKY} fails with 500 on the SDK's first attempt of a call and succeeds on its retry
 * (the SDKs number their attempts in {@code x-stainless-retry-count}). Errors other than the flaky
 * one carry {@code x-should-retry: false}, so the SDK gives up at once.
 */
public abstract class LlmStubServer implements AutoCloseable {

  public static final String RATE_LIMITED = "-429";
  public static final String BROKEN = "-500";
  public static final String FLAKY = "-flaky";

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  LlmStubServer(Map<String, Route> routes) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the LLM stub", e);
    }
    routes.forEach((path, route) -> server.createContext(path, exchange -> serve(exchange, route)));
    server.start();
  }

  /** The base URL to hand the provider's SDK client. */
  public abstract String baseUrl();

  /** {@code http://127.0.0.1:<port>}. */
  public String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request body received so far (retries included), oldest first. */
  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** The provider's error body for an HTTP status. */
  abstract String errorBody(int status, String message);

  private void serve(HttpExchange exchange, Route route) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      requests.add(request);
      String model = request.path("model").asText("");
      boolean firstAttempt =
          "0".equals(exchange.getRequestHeaders().getFirst("x-stainless-retry-count"));
      if (model.endsWith(RATE_LIMITED)) {
        error(exchange, 429, "Rate limit reached for " + model, false);
      } else if (model.endsWith(BROKEN)) {
        error(exchange, 500, "The server had an error processing your request", false);
      } else if (model.endsWith(FLAKY) && firstAttempt) {
        error(exchange, 500, "The server had an error processing your request", true);
      } else if (request.path("stream").asBoolean(false)) {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        for (Sse event : route.events(request)) {
          body.write(event.wire().getBytes(StandardCharsets.UTF_8));
          body.flush();
        }
      } else {
        send(exchange, 200, route.json(request));
      }
    }
  }

  private void error(HttpExchange exchange, int status, String message, boolean retry)
      throws IOException {
    exchange.getResponseHeaders().set("x-should-retry", Boolean.toString(retry));
    exchange.getResponseHeaders().set("retry-after-ms", "1");
    send(exchange, status, errorBody(status, message));
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** One endpoint: its JSON answer and its answer as an event stream. */
  interface Route {
    String json(JsonNode request);

    List<Sse> events(JsonNode request);
  }

  /** One server-sent event; {@code event} may be null (OpenAI's chat stream names none). */
  record Sse(String event, String data) {
    static Sse of(String event, JsonNode data) {
      return new Sse(event, data.toString());
    }

    String wire() {
      return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    }
  }
}
