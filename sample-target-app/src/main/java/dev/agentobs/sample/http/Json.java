/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** The app's JSON mapper and response writing. */
final class Json {

  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Sends headers, then the body; the caller closes the exchange. */
  static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Sends {@code {"error": message, "error_type": type}}. */
  static void sendError(HttpExchange exchange, int status, String message, String type)
      throws IOException {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("error", message);
    body.put("error_type", type);
    send(exchange, status, body);
  }

  private Json() {}
}
