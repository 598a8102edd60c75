/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.testapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.agentobs.bootstrap.AgentCache;
import dev.agentobs.bootstrap.AgentPhase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Application-like classes, loaded only after the agent's transformer is installed. They live
 * outside the agent's packages, which the agent never instruments.
 */
public final class Fixtures {

  /** A checked exception an app might throw from a phase. */
  public static final class StepFailed extends Exception {
    public StepFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public record Reply(String text, String model, long inputTokens, long outputTokens) {}

  public static final class Pipeline {
    @AgentPhase(value = "planning", agent = "planner")
    public Reply plan(String task) {
      return new Reply("plan for " + task, "gpt-4o", 11, 22);
    }

    @AgentPhase("execution")
    public Map<String, Object> executeInherited() {
      return Map.of("tokens_used", 5, "model", "claude-haiku-4-5");
    }

    @AgentPhase(value = "outer", agent = "orchestrator")
    public Map<String, Object> outer() {
      return executeInherited();
    }

    @AgentPhase("failing")
    public void fail() throws StepFailed {
      throw new StepFailed("boom", new IllegalStateException("root cause"));
    }

    @AgentPhase("primitive")
    public int primitive(int x) {
      return x * 2;
    }

    @AgentCache("results")
    public Optional<String> lookup(String key) {
      return "known".equals(key) ? Optional.of("v") : Optional.empty();
    }
  }

  /** Runs the pipeline and answers 200, or 500 when a phase fails (the app catches it). */
  public static final class TaskHandler implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      Pipeline pipeline = new Pipeline();
      int status = 200;
      String body;
      try {
        pipeline.plan("t");
        if (exchange.getRequestURI().getPath().endsWith("/fail")) {
          pipeline.fail();
        }
        body = "ok";
      } catch (StepFailed e) {
        status = 500;
        body = "failed";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** A handler that delegates to another: the request must still be observed once. */
  public static final class DelegatingHandler implements HttpHandler {
    private final HttpHandler inner = new TaskHandler();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      inner.handle(exchange);
    }
  }

  /** A handler that throws without answering. */
  public static final class ThrowingHandler implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) {
      throw new IllegalArgumentException("handler bug");
    }
  }

  private Fixtures() {}
}
