/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for a notification service's webhook (PagerDuty's Events API, a Slack incoming
 * webhook): a JDK HTTP server on a free loopback port that answers 200 and keeps every JSON body
 * POSTed to it.
 */
final class WebhookReceiver implements AutoCloseable {

  private final String name;
  private final HttpServer server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  private WebhookReceiver(String name, HttpServer server) {
    this.name = name;
    this.server = server;
  }

  static WebhookReceiver start(String name) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(name, server);
      server.createContext("/", receiver::handle);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name + " receiver", e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
  }

  /** The JSON bodies received so far, oldest first. */
  List<JsonNode> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if ("POST".equals(exchange.getRequestMethod())) {
        received.add(JsonLines.parseObject(body));
      }
      // Alertmanager's PagerDuty notifier expects PagerDuty's 202 with a small JSON answer
      byte[] answer = "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(202, answer.length);
      exchange.getResponseBody().write(answer);
    } finally {
      exchange.close();
    }
  }
}
