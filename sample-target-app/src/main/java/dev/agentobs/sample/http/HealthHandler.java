/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;

/** {@code GET /health}: {@code {"status":"ok"}}. */
public final class HealthHandler implements HttpHandler {

  /** The context path this handler is registered on. */
  public static final String PATH = "/health";

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        Json.sendError(exchange, 404, "not found", "NotFound");
      } else if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        Json.sendError(exchange, 405, "method not allowed", "MethodNotAllowed");
      } else {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", "ok");
        Json.send(exchange, 200, body);
      }
    } finally {
      exchange.close();
    }
  }
}
