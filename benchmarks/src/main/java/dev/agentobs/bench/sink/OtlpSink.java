/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback trace receiver that only counts: OTLP/HTTP protobuf on {@code POST /v1/traces}
 * (gzip or not), OTLP/gRPC (grpc-java) on {@code --grpc-port} if given, and, for the Elastic APM
 * agent, its intake API on {@code POST /intake/v2/events}. {@code GET /count} answers the number of spans received so far as plain
 * text, {@code GET /problems} the number of export requests it could not read.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.agentobs.bench.sink.OtlpSink --port 4318
 * OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf ...
 * }</pre>
 */
public final class OtlpSink {

  public static void main(String[] args) throws IOException {
    int port = 4318;
    int grpcPort = -1;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--grpc-port")) {
        grpcPort = Integer.parseInt(args[i + 1]);
      }
    }
    Counts counts = new Counts();
    HttpServer server = start(port, counts);
    System.err.println("otlp-sink listening on http://127.0.0.1:" + server.getAddress().getPort());
    if (grpcPort >= 0) {
      Server grpc = startGrpc(grpcPort, counts);
      System.err.println("otlp-sink listening for OTLP/gRPC on 127.0.0.1:" + grpc.getPort());
    }
  }

  /** What the sink has received, over whichever protocol. */
  static final class Counts {
    final LongAdder spans = new LongAdder();
    final LongAdder problems = new LongAdder();
  }

  /** Starts a sink on loopback; {@code port} 0 picks a free one. */
  public static HttpServer start(int port) throws IOException {
    return start(port, new Counts());
  }

  /** OTLP/gRPC on grpc-java's server, counting into {@code counts}; {@code port} 0: a free one. */
  static Server startGrpc(int port, Counts counts) throws IOException {
    return NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .addService(OtlpGrpcService.definition(counts.spans, counts.problems))
        .build()
        .start();
  }

  static HttpServer start(int port, Counts counts) throws IOException {
    LongAdder spans = counts.spans;
    LongAdder problems = counts.problems;
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/v1/traces", new OtlpTracesHandler(spans, problems));
    server.createContext("/intake/v2/events", new ElasticIntakeHandler(spans, problems));
    server.createContext("/count", exchange -> answer(exchange, spans.sum()));
    server.createContext("/problems", exchange -> answer(exchange, problems.sum()));
    server.createContext("/", ElasticIntakeHandler::serverInfo);
    server.start();
    return server;
  }

  private static void answer(HttpExchange exchange, long value) throws IOException {
    byte[] body = (value + "\n").getBytes(StandardCharsets.US_ASCII);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private OtlpSink() {}
}
