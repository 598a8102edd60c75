/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.http;

import dev.agentobs.agent.observation.ClientCallObservation;
import dev.agentobs.agent.observation.TaskObservation;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What an outgoing call carries to the service it calls, shared by the HTTP client
 * instrumentations: W3C {@code traceparent} (the CLIENT span as parent) and {@code tracestate} (as
 * the request brought it), and the request id under the configured header.
 */
public final class Propagation {

  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";

  /** The agent's own classes (its relocated OTLP exporter among them), decided once per class. */
  private static final ClassValue<Boolean> AGENT_CLASS =
      new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return type.getName().startsWith("dev.agentobs.");
        }
      };

  private final String requestIdHeader;

  public Propagation(String requestIdHeader) {
    this.requestIdHeader = requestIdHeader;
  }

  public String requestIdHeader() {
    return requestIdHeader;
  }

  /** The incoming {@code tracestate} of the request the call is made for, or {@code null}. */
  public String tracestate(ClientCallObservation call) {
    TaskObservation task = call.task();
    return task == null || call.asTraceparent() == null ? null : task.tracestate();
  }

  /**
   * Whether a class is the agent's: a call made by the agent's own code (the OTLP sender runs on
   * threads of its own class) is not observed, or exporting spans would make spans about exporting
   * spans.
   */
  public static boolean isAgentClass(Class<?> type) {
    return AGENT_CLASS.get(type);
  }

  /** The cause a future's wrapper exception stands for. */
  public static Throwable unwrap(Throwable error) {
    if ((error instanceof CompletionException || error instanceof ExecutionException)
        && error.getCause() != null) {
      return error.getCause();
    }
    return error;
  }
}
