/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * {@code POST /intake/v2/events}: the Elastic APM agent's intake stream, newline-delimited JSON
 * (usually deflate-compressed). Each {@code transaction} and {@code span} line counts as one span,
 * the unit the OTLP handler counts; metadata and metricsets do not.
 */
final class ElasticIntakeHandler implements HttpHandler {

  private final LongAdder spans;
  private final LongAdder problems;

  ElasticIntakeHandler(LongAdder spans, LongAdder problems) {
    this.spans = spans;
    this.problems = problems;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      long count = 0;
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(body(exchange), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("{\"transaction\"") || line.startsWith("{\"span\"")) {
            count++;
          }
        }
      } catch (IOException e) {
        problems.increment();
      }
      spans.add(count);
      exchange.sendResponseHeaders(202, -1);
    }
  }

  /** {@code GET /}: the server information the Elastic agent asks for before it sends anything. */
  static void serverInfo(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().close();
      if (!exchange.getRequestURI().getPath().equals("/")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = "{\"version\":\"8.15.0\"}".getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream raw = exchange.getRequestBody();
    if ("deflate".equalsIgnoreCase(encoding)) {
      return new InflaterInputStream(raw);
    }
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw;
  }
}
