/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.httpclient;

import dev.agentobs.agent.instrumentation.http.Propagation;
import dev.agentobs.agent.observation.ClientCallObservation;
import dev.agentobs.agent.observation.Observer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** The logic behind {@link HttpClientAdvice}. */
public final class HttpClientHelper {

  /**
   * The JDK's internal request class (not {@code ImmutableHttpRequest}, what the public builder
   * makes): the WebSocket opening handshake sends one through {@code sendAsync}, with its upgrade
   * headers and WebSocket flag in fields only that class has, so it must go through untouched (and
   * a handshake is no call to count).
   */
  private static final ClassValue<Boolean> JDK_INTERNAL_REQUEST =
      new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return type.getName().equals("jdk.internal.net.http.HttpRequestImpl");
        }
      };

  private final Observer observer;
  private final Propagation propagation;

  public HttpClientHelper(Observer observer, Propagation propagation) {
    this.observer = observer;
    this.propagation = propagation;
  }

  /**
   * Starts a call, unless it is the agent's own (made on an agent thread) or the JDK's
   * internal one (a WebSocket handshake).
   */
  public Object enter(Object requestObject) {
    HttpRequest request = (HttpRequest) requestObject;
    if (JDK_INTERNAL_REQUEST.get(request.getClass())) {
      return null;
    }
    if (Propagation.isAgentClass(Thread.currentThread().getClass())) {
      return null;
    }
    return observer.startClientCall(request.method(), request.uri());
  }

  /** The request to send: the application's, plus {@code traceparent} and the request id. */
  public Object request(Object scope, Object requestObject) {
    ClientCallObservation call = (ClientCallObservation) scope;
    HttpRequest request = (HttpRequest) requestObject;
    String traceparent = call.asTraceparent();
    String requestId = call.requestId().isEmpty() ? null : call.requestId();
    if (traceparent == null && requestId == null) {
      return request;
    }
    return new PropagatingRequest(
        request,
        Propagation.TRACEPARENT,
        traceparent,
        Propagation.TRACESTATE,
        propagation.tracestate(call),
        propagation.requestIdHeader(),
        requestId);
  }

  /** Ends the call when the response future completes; at once if the send itself threw. */
  public void exit(Object scope, Object future, Throwable thrown) {
    ClientCallObservation call = (ClientCallObservation) scope;
    if (thrown != null || !(future instanceof CompletableFuture)) {
      observer.endClientCall(call, 0, thrown);
      return;
    }
    ((CompletableFuture<?>) future)
        .whenComplete(
            (response, error) -> {
              try {
                if (response instanceof HttpResponse) {
                  observer.endClientCall(call, ((HttpResponse<?>) response).statusCode(), null);
                } else {
                  observer.endClientCall(call, 0, Propagation.unwrap(error));
                }
              } catch (Throwable t) {
                observer.stats().internalError();
              }
            });
  }
}
