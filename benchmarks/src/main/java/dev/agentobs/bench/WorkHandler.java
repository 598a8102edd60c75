/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** {@code POST /work} (or GET): runs the five phases and answers 200 with a short body. */
public final class WorkHandler implements HttpHandler {

  private final BenchPhases phases;

  public WorkHandler(BenchPhases phases) {
    this.phases = phases;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    long checksum = phases.run(System.nanoTime());
    byte[] body = ("done " + Long.toHexString(checksum) + "\n").getBytes(StandardCharsets.US_ASCII);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
