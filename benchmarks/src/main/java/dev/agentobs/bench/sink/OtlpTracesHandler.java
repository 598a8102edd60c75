/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.sink;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

/** {@code POST /v1/traces}: counts the spans of an OTLP protobuf export request (gzip or not). */
final class OtlpTracesHandler implements HttpHandler {

  private static final byte[] EMPTY_RESPONSE =
      ExportTraceServiceResponse.getDefaultInstance().toByteArray();

  private final LongAdder spans;
  private final LongAdder problems;

  OtlpTracesHandler(LongAdder spans, LongAdder problems) {
    this.spans = spans;
    this.problems = problems;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      long count;
      try (InputStream in = body(exchange)) {
        count = OtlpSpanCounter.count(in);
      } catch (InvalidProtocolBufferException e) {
        problems.increment();
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      spans.add(count);
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      // an empty message is zero bytes: -1 says "no body" (0 would mean chunked)
      exchange.sendResponseHeaders(200, EMPTY_RESPONSE.length == 0 ? -1 : EMPTY_RESPONSE.length);
      if (EMPTY_RESPONSE.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(EMPTY_RESPONSE);
        }
      }
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    return "gzip".equalsIgnoreCase(encoding)
        ? new GZIPInputStream(exchange.getRequestBody())
        : exchange.getRequestBody();
  }
}
