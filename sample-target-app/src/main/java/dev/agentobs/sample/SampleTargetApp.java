/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample;

import com.sun.net.httpserver.HttpServer;
import dev.agentobs.sample.cache.ResultCache;
import dev.agentobs.sample.http.HealthHandler;
import dev.agentobs.sample.http.TaskHandler;
import dev.agentobs.sample.llm.LlmClient;
import dev.agentobs.sample.llm.StubLlmServer;
import dev.agentobs.sample.pipeline.TaskPipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
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
 * java -jar sample-target-app.jar [--port 8080] [--llm-base-url https://api.openai.com/v1]
 * }</pre>
 *
 * <p>Its LLM calls go through LangChain4j's OpenAI chat model to {@code --llm-base-url} (else the
 * {@code OPENAI_BASE_URL} environment variable, with the key in {@code OPENAI_API_KEY}); with
 * neither, to a deterministic stub LLM ({@link StubLlmServer}) it starts on a free loopback port,
 * so the service runs whole with no network.
 *
 * <p>Stdout is never written to: it belongs to the agent's JSON log lines.
 */
public final class SampleTargetApp implements AutoCloseable {

  /** The port used when none is given. */
  public static final int DEFAULT_PORT = 8080;

  private static final int WORKER_THREADS = 16;
  private static final int CACHE_ENTRIES = 1000;
  private static final String NODELAY = "sun.net.httpserver.nodelay";
  private static final String PORT = "--port";
  private static final String LLM_BASE_URL = "--llm-base-url";

  private static final String STUB_API_KEY = "sk-sample-stub";

  private final HttpServer server;
  private final ExecutorService workers;
  private final StubLlmServer stubLlm;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SampleTargetApp(HttpServer server, ExecutorService workers, StubLlmServer stubLlm) {
    this.server = server;
    this.workers = workers;
    this.stubLlm = stubLlm;
  }

  /**
   * Starts the service and prints one line to stderr.
   *
   * @param args {@code --port P} and {@code --llm-base-url URL} (also as {@code --name=value})
   * @throws IOException if the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    int port;
    String llmBaseUrl;
    try {
      port = parsePort(args);
      llmBaseUrl = parseArgs(args).getOrDefault(LLM_BASE_URL, System.getenv("OPENAI_BASE_URL"));
    } catch (IllegalArgumentException e) {
      System.err.println("sample-target-app: " + e.getMessage());
      System.exit(2);
      return;
    }
    SampleTargetApp app = start(port, llmBaseUrl, System.getenv("OPENAI_API_KEY"));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sample-target-app-shutdown"));
    System.err.println("sample-target-app listening on port " + app.port());
  }

  /**
   * Starts the service with its stub LLM.
   *
   * @param port the port to bind on all interfaces, 0 for any free port
   * @return the running service; {@link #close()} stops it
   * @throws IOException if a port cannot be bound
   */
  public static SampleTargetApp start(int port) throws IOException {
    return start(port, null, null);
  }

  /**
   * Starts the service.
   *
   * @param port the port to bind on all interfaces, 0 for any free port
   * @param llmBaseUrl the OpenAI-compatible API to call, or {@code null} for the stub LLM
   * @param apiKey its API key, or {@code null}
   * @return the running service; {@link #close()} stops it
   * @throws IOException if a port cannot be bound
   */
  public static SampleTargetApp start(int port, String llmBaseUrl, String apiKey)
      throws IOException {
    // The JDK reads sun.net.httpserver.* once, when the first HttpServer starts. Without nodelay,
    // Nagle + delayed ACK add ~40 ms to keep-alive requests. Respect a value set on the command line.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    StubLlmServer stubLlm = null;
    if (llmBaseUrl == null || llmBaseUrl.isBlank()) {
      stubLlm = StubLlmServer.start();
      llmBaseUrl = stubLlm.baseUrl();
      apiKey = STUB_API_KEY;
    }
    LlmClient llm = new LlmClient(llmBaseUrl, apiKey == null ? "" : apiKey);
    TaskService service = new TaskService(new ResultCache(CACHE_ENTRIES), new TaskPipeline(llm));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, new WorkerThreads());
    server.setExecutor(workers);
    server.createContext(TaskHandler.PATH, new TaskHandler(service));
    server.createContext(HealthHandler.PATH, new HealthHandler());
    server.start();
    return new SampleTargetApp(server, workers, stubLlm);
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
      if (stubLlm != null) {
        stubLlm.close();
      }
    }
  }

  static int parsePort(String[] args) {
    String value = parseArgs(args).get(PORT);
    if (value == null) {
      return DEFAULT_PORT;
    }
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number, got \"" + value + "\"", e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    return port;
  }

  /** {@code --name value} and {@code --name=value} for the known names; anything else is wrong. */
  static Map<String, String> parseArgs(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = null;
      String value = null;
      for (String known : new String[] {PORT, LLM_BASE_URL}) {
        if (arg.startsWith(known + "=")) {
          name = known;
          value = arg.substring(known.length() + 1);
        } else if (arg.equals(known) && i + 1 < args.length) {
          name = known;
          value = args[++i];
        }
      }
      if (name == null) {
        throw new IllegalArgumentException(
            "unknown or incomplete argument \"" + arg + "\"; usage: [--port P] [--llm-base-url URL]");
      }
      values.put(name, value);
    }
    return values;
  }

  private static final class WorkerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      return new Thread(task, "http-worker-" + count.incrementAndGet());
    }
  }
}
