/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentobs.bootstrap.AgentPhase;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A program whose phases and handlers throw every kind of exception and return every kind of value,
 * run by TransparencyIT with and without the agent: what it prints and serves must be identical.
 *
 * <pre>
 * java [-javaagent:agent-obs.jar=...] -cp agent-obs-bootstrap.jar TransparencyProbe.java PORT
 * </pre>
 *
 * <p>Prints one "RESULT ..." line on stderr per direct phase call (the value, or the exception with
 * its message, cause chain, suppressed exceptions and the probe's own stack frames with line
 * numbers), then "TransparencyProbe: serving", and serves on 127.0.0.1:PORT until killed.
 */
public class TransparencyProbe {

  /** A checked exception of the app's own. */
  static class PlanningException extends Exception {
    PlanningException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An unchecked exception of the app's own, with state the app reads back. */
  static class ToolFailure extends RuntimeException {
    final int code;

    ToolFailure(String message, int code) {
      super(message);
      this.code = code;
    }

    @Override
    public String getMessage() {
      return super.getMessage() + " (code " + code + ")";
    }
  }

  /** A return value that breaks whoever inspects it: the agent's token convention reads it. */
  public static class Hostile {
    public long inputTokens() {
      throw new IllegalStateException("hostile getter");
    }

    public String model() {
      throw new ToolFailure("hostile model", 7);
    }

    @Override
    public String toString() {
      return "hostile value";
    }

    @Override
    public int hashCode() {
      throw new UnsupportedOperationException("hostile hashCode");
    }
  }

  static class Phases {
    @AgentPhase(value = "planning", agent = "planner")
    String plan(String task) throws PlanningException {
      if (task.startsWith("checked")) {
        throw new PlanningException("no plan for " + task, new IOException("disk gone"));
      }
      return "plan for " + task;
    }

    @AgentPhase("execution")
    int divide(int a, int b) {
      try {
        return a / b;
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("cannot divide " + a + " by " + b, e);
      }
    }

    @AgentPhase(value = "execution", agent = "tools")
    void tool(String name) {
      ToolFailure failure = new ToolFailure("tool " + name + " failed", 42);
      failure.addSuppressed(new IllegalStateException("cleanup failed too"));
      throw failure;
    }

    @AgentPhase("synthesis")
    Object hostile() {
      return new Hostile();
    }

    @AgentPhase("execution")
    long primitive(long x) {
      return x * 3;
    }

    @AgentPhase("execution")
    int[] array(int n) {
      int[] values = new int[n];
      Arrays.setAll(values, i -> i * i);
      return values;
    }

    @AgentPhase("execution")
    Object nothing() {
      return null;
    }

    @AgentPhase("execution")
    void error() {
      throw new AssertionError("invariant broken", new ToolFailure("root", 1));
    }

    @AgentPhase("execution")
    CompletableFuture<String> failedLater() {
      return CompletableFuture.failedFuture(new ToolFailure("async tool", 9));
    }

    @AgentPhase("execution")
    static String recurse(int depth) {
      return depth == 0 ? "bottom" : recurse(depth - 1) + "<" + depth;
    }

    @AgentPhase("execution")
    void sneaky() {
      Phases.<RuntimeException>sneakyThrow(new InterruptedException("checked, undeclared"));
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
      throw (T) t;
    }
  }

  public static void main(String[] args) throws Exception {
    Phases phases = new Phases();
    report("plan ok", () -> call(() -> phases.plan("ok")));
    report("plan checked", () -> call(() -> phases.plan("checked task")));
    report("divide", () -> phases.divide(7, 2));
    report("divide by zero", () -> phases.divide(7, 0));
    report("tool", () -> { phases.tool("search"); return "unreached"; });
    report("hostile", () -> phases.hostile().toString());
    report("primitive", () -> phases.primitive(14));
    report("array", () -> Arrays.toString(phases.array(5)));
    report("null", phases::nothing);
    report("error", () -> { phases.error(); return "unreached"; });
    report("failed later", () -> phases.failedLater().join());
    report("recurse", () -> Phases.recurse(40).length());
    report("sneaky", () -> { phases.sneaky(); return "unreached"; });

    int port = Integer.parseInt(args[0]);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/ok", exchange -> {
      exchange.getResponseHeaders().add("X-App", "first");
      exchange.getResponseHeaders().add("X-App", "second");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("Content-Type", "application/x-probe; charset=utf-8");
      respond(exchange, 201, "created " + call(() -> phases.plan("from http")));
    });
    server.createContext("/phase-error", exchange -> {
      try {
        phases.tool("http");
        respond(exchange, 200, "unreached");
      } catch (ToolFailure e) {
        exchange.getResponseHeaders().set("X-Error-Code", Integer.toString(e.code));
        respond(exchange, 422, describe(e));
      }
    });
    server.createContext("/throws", exchange -> {
      phases.divide(1, 0);
    });
    server.createContext("/empty", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.createContext("/stream", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 5; i++) {
          out.write(("chunk " + i + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    });
    server.createContext("/echo", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("X-Echo-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.err.println("TransparencyProbe: serving");
  }

  interface Call {
    Object run() throws Exception;
  }

  private static Object call(Call call) {
    try {
      return call.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  private static void report(String what, Supplier<Object> action) {
    String outcome;
    try {
      outcome = "returned " + action.get();
    } catch (Throwable t) {
      outcome = "threw " + describe(t);
    }
    System.err.println("RESULT " + what + ": " + outcome);
  }

  /** Type, message, causes, suppressed, and the probe's own frames with line numbers. */
  static String describe(Throwable t) {
    List<String> parts = new ArrayList<>();
    for (Throwable at = t; at != null; at = at.getCause()) {
      StringBuilder part = new StringBuilder(at.getClass().getName()).append(": ").append(at.getMessage());
      for (Throwable s : at.getSuppressed()) {
        part.append(" [suppressed ").append(s.getClass().getName()).append(": ").append(s.getMessage()).append(']');
      }
      part.append(" at");
      for (StackTraceElement frame : at.getStackTrace()) {
        if (frame.getClassName().startsWith("TransparencyProbe")) {
          part.append(' ').append(frame.getClassName()).append('.').append(frame.getMethodName())
              .append(':').append(frame.getLineNumber());
        }
      }
      parts.add(part.toString());
    }
    return String.join(" | caused by ", parts);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
