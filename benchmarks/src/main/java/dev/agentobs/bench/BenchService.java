/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny five-phase AI-agent service on the JDK HttpServer, bound to loopback: {@code /work} runs
 * the five {@code @AgentPhase} methods of {@link BenchPhases}, {@code GET /health} answers 200.
 *
 * <pre>{@code
 * java -jar benchmarks/target/bench-service.jar --port 8080 [--threads 4] [--work-bytes 512]
 * }</pre>
 *
 * <p>{@code --work-bytes}: bytes each phase hashes ({@link BenchPhases}); 512 is about a
 * microsecond a phase.
 */
public final class BenchService {

  public static void main(String[] args) throws IOException {
    int port = intArg(args, "--port", 8080);
    int threads = intArg(args, "--threads", 4);
    int workBytes = intArg(args, "--work-bytes", BenchPhases.DEFAULT_WORK_BYTES);
    HttpServer server = start(port, threads, new BenchPhases(workBytes));
    System.err.println("bench-service listening on http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Starts the service; {@code port} 0 picks a free one. */
  public static HttpServer start(int port, int threads) throws IOException {
    return start(port, threads, new BenchPhases());
  }

  /** Starts the service with {@code phases} behind {@code /work}; port 0 picks a free one. */
  public static HttpServer start(int port, int threads, BenchPhases phases) throws IOException {
    // Without TCP_NODELAY a keep-alive response waits on Nagle + delayed ACK: ~40 ms per request.
    // Read once, when the first server is created, so it must be set before that.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    server.createContext("/work", new WorkHandler(phases));
    server.createContext("/health", new HealthHandler());
    server.start();
    return server;
  }

  static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  private BenchService() {}

  /** A named class, not a lambda, so every agent sees (and may instrument) it like the app's own. */
  static final class HealthHandler implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      exchange.getRequestBody().close();
      exchange.sendResponseHeaders(200, 3);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(new byte[] {'o', 'k', '\n'});
      }
    }
  }
}
