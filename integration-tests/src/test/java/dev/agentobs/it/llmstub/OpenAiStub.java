/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it.llmstub;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local OpenAI-compatible server for tests: {@code POST /v1/chat/completions} answered in the
 * real wire format, as JSON or, for {@code "stream": true}, as server-sent events, from a queue of
 * scripted {@link OpenAiReply replies} (an error status answers with OpenAI's error body). With
 * none queued it answers a fixed completion of 10 prompt and 5 completion tokens.
 *
 * <pre>{@code
 * try (OpenAiStub stub = OpenAiStub.start()) {
 *   stub.enqueue(OpenAiReply.completion("gpt-4o-2024-08-06", "hi", 1200, 300, 1024));
 *   ... OpenAiChatModel.builder().baseUrl(stub.baseUrl()) ...
 * }
 * }</pre>
 */
public final class OpenAiStub implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<OpenAiReply> replies = new ConcurrentLinkedQueue<>();
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private int served;

  private OpenAiStub(HttpServer server) {
    this.server = server;
  }

  public static OpenAiStub start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OpenAiStub stub = new OpenAiStub(server);
    server.createContext("/v1/chat/completions", stub::handle);
    server.setExecutor(stub.executor);
    server.start();
    return stub;
  }

  /** The base URL clients are configured with, ending in {@code /v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Answers the next request not yet answered with {@code reply}. */
  public OpenAiStub enqueue(OpenAiReply reply) {
    replies.add(reply);
    return this;
  }

  /** The request bodies received so far, in order. */
  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = OpenAiWire.mapper().readTree(exchange.getRequestBody());
      requests.add(request);
      OpenAiReply reply = replies.poll();
      if (reply == null) {
        reply = OpenAiReply.completion(null, "stub answer", 10, 5, 0);
      }
      String id = "chatcmpl-stub" + nextNumber();
      String model = reply.model() != null ? reply.model() : request.path("model").asText();
      if (reply.isError()) {
        send(exchange, reply.status(), "application/json", OpenAiWire.error(reply));
      } else if (request.path("stream").asBoolean(false)) {
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean();
        stream(exchange, OpenAiWire.chunks(id, model, reply, includeUsage));
      } else {
        send(exchange, 200, "application/json", OpenAiWire.completion(id, model, reply));
      }
    }
  }

  private synchronized int nextNumber() {
    return ++served;
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void stream(HttpExchange exchange, List<String> chunks) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (String chunk : chunks) {
      out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
