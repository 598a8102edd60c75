/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.jdkhttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.agentobs.agent.instrumentation.http.PathTemplates;
import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.RequestIds;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.telemetry.metrics.SidecarSecurity;

/** The logic behind {@link JdkHttpServerAdvice}. */
public final class JdkHttpServerHelper {

  /**
   * The sidecar's handlers are our own (relocated) Prometheus classes; decided once per handler
   * class, not by a string test on every request.
   */
  private static final ClassValue<Boolean> AGENT_HANDLER =
      new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          // Prometheus' handlers, and the 404 the sidecar answers every other path with
          return type.getName().startsWith("dev.agentobs.shaded.")
              || type == SidecarSecurity.NotFound.class;
        }
      };

  private final Observer observer;
  private final String requestIdHeader;

  public JdkHttpServerHelper(Observer observer, String requestIdHeader) {
    this.observer = observer;
    this.requestIdHeader = requestIdHeader;
  }

  /**
   * Starts a task, unless this exchange is already observed (the chain recursing through filters)
   * or it is the agent's own metrics sidecar.
   */
  public Object enter(Object exchangeObject) {
    HttpExchange exchange = (HttpExchange) exchangeObject;
    Observation current = observer.current();
    if (current != null && current.task().carrier() == exchange) {
      return null;
    }
    HttpHandler handler = exchange.getHttpContext().getHandler();
    if (handler != null && AGENT_HANDLER.get(handler.getClass())) {
      return null;
    }
    String requestId =
        RequestIds.acceptOrGenerate(exchange.getRequestHeaders().getFirst(requestIdHeader));
    // echoed before the app writes anything, so every response carries it, errors included
    exchange.getResponseHeaders().set(requestIdHeader, requestId);
    String path = exchange.getRequestURI().getRawPath();
    TaskObservation task =
        TaskObservation.httpServer(
            requestId,
            exchange.getRequestMethod(),
            path == null ? "" : path,
            route(exchange.getHttpContext().getPath(), path),
            exchange.getRequestHeaders().getFirst("traceparent"),
            exchange.getRequestHeaders().getFirst("tracestate"),
            exchange);
    return observer.startTask(task);
  }

  public void exit(Object scope, Object exchangeObject, Throwable thrown) {
    HttpExchange exchange = (HttpExchange) exchangeObject;
    int status = exchange.getResponseCode();
    if (status < 0) {
      // nothing was sent: the server closes the connection when the handler throws
      status = thrown != null ? 500 : 0;
    }
    observer.endTask((TaskObservation) scope, status, thrown);
  }

  /**
   * The endpoint: the context path the app registered, which is the JDK server's only notion of a
   * route; under the root context, the request path with id-like segments folded.
   */
  static String route(String contextPath, String path) {
    if (contextPath != null && !contextPath.isEmpty() && !contextPath.equals("/")) {
      return contextPath;
    }
    return PathTemplates.fold(path);
  }
}
