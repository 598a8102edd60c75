/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample;

import com.sun.net.httpserver.HttpServer;
import dev.agentobs.sample.cache.ResultCache;
import dev.agentobs.sample.http.HealthHandler;
import dev.agentobs.sample.http.TaskHandler;
import dev.agentobs.sample.llm.SimulatedLlm;
import dev.agentobs.sample.pipeline.TaskPipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sample AI-agent service on the JDK {@link HttpServer}. It has no observability code: only
 * {@code @AgentPhase} / {@code @AgentCache} annotations for the agent to find.
 *
 * <pre>{@code
 * java -jar sample-target-app.jar [--port 8080]
 * }</pre>
 *
 * <p>Stdout is never written to: it belongs to the agent's JSON log lines.
 */
public final class SampleTargetApp implements AutoCloseable {

  /** The port used when none is given. */
  public static final int DEFAULT_PORT = 8080;

  private static final int WORKER_THREADS = 16;
  private static final int CACHE_ENTRIES = 1000;
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  private final HttpServer server;
  private final ExecutorService workers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SampleTargetApp(HttpServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  /**
   * Starts the service and prints one line to stderr.
   *
   * @param args {@code --port P} or {@code --port=P}
   * @throws IOException if the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    int port;
    try {
      port = parsePort(args);
    } catch (IllegalArgumentException e) {
      System.err.println("sample-target-app: " + e.getMessage());
      System.exit(2);
      return;
    }
    SampleTargetApp app = start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sample-target-app-shutdown"));
    System.err.println("sample-target-app listening on port " + app.port());
  }

  /**
   * Starts the service.
   *
   * @param port the port to bind on all interfaces, 0 for any free port
   * @return the running service; {@link #close()} stops it
   * @throws IOException if the port cannot be bound
   */
  public static SampleTargetApp start(int port) throws IOException {
    // The JDK reads sun.net.httpserver.* once, when the first HttpServer starts. Without nodelay,
    // Nagle + delayed ACK add ~40 ms to keep-alive requests. Respect a value set on the command line.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    TaskService service =
        new TaskService(new ResultCache(CACHE_ENTRIES), new TaskPipeline(new SimulatedLlm()));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, new WorkerThreads());
    server.setExecutor(workers);
    server.createContext(TaskHandler.PATH, new TaskHandler(service));
    server.createContext(HealthHandler.PATH, new HealthHandler());
    server.start();
    return new SampleTargetApp(server, workers);
  }

  /**
   * Returns the bound port.
   *
   * @return the port the service listens on
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server and its workers; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      workers.shutdownNow();
    }
  }

  static int parsePort(String[] args) {
    int port = DEFAULT_PORT;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value;
      if (arg.startsWith("--port=")) {
        value = arg.substring("--port=".length());
      } else if (arg.equals("--port") && i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(
            "unknown or incomplete argument \"" + arg + "\"; usage: [--port P]");
      }
      try {
        port = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("port must be a number, got \"" + value + "\"", e);
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
    }
    return port;
  }

  private static final class WorkerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      return new Thread(task, "http-worker-" + count.incrementAndGet());
    }
  }
}
