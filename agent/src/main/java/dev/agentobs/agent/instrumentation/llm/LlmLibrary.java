/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.llm;

import dev.agentobs.agent.observation.LlmCallObservation;

/**
 * What one LLM client library's instrumentation knows: how to read its request and response types
 * (through method handles resolved per class, never linked against), and, for streaming or
 * asynchronous calls, how the call ends later. {@link LlmCalls} does the rest: nesting, timing,
 * ending once, failures (what these methods throw is counted as an internal error, and the call is
 * still observed with what was read).
 */
public abstract class LlmLibrary {

  private final String name;

  protected LlmLibrary(String name) {
    this.name = name;
  }

  /** The instrumentation's name, which its advice passes to {@code AgentHooks.llmCallEnter}. */
  public final String name() {
    return name;
  }

  /**
   * Fills the call's operation, provider and request model ({@link
   * LlmCallObservation#setRequest}) from the client and the request, before the call starts.
   */
  public abstract void request(LlmCallObservation call, Object client, Object request)
      throws Throwable;

  /**
   * Fills the call's response model, id, finish reasons ({@link LlmCallObservation#setResponse})
   * and usage ({@link LlmCallObservation#setUsage}) from what the call returned or its callback
   * received; ignores anything that is not this library's response type.
   */
  public abstract void response(LlmCallObservation call, Object response) throws Throwable;

  /**
   * Adds the request's messages, in order, to {@code messages} ({@link LlmMessages#add}): called
   * only when content capture is on ({@code llm.capture.content}), with the request the advice
   * passed; by default adds nothing. Ignore anything that is not this library's request type.
   */
  public void inputMessages(Object request, LlmMessages messages) throws Throwable {}

  /**
   * Adds the response's messages (the model's answer, with its finish reason) to {@code messages}:
   * called only when content capture is on, with what {@link #response} receives (for a streaming
   * call, the complete response); by default adds nothing.
   */
  public void outputMessages(Object response, LlmMessages messages) throws Throwable {}

  /**
   * A more telling {@code error.type} for a failure than the exception's class (e.g. the provider's
   * status code), or {@code null}.
   */
  public String errorType(Throwable thrown) {
    return null;
  }

  /**
   * For a streaming call: a callback standing in for the application's, which calls {@link
   * LlmCallScope#complete} or {@link LlmCallScope#fail} when the response completes, then the
   * application's own. {@code null} when this library has no such callback.
   */
  public Object wrapCallback(LlmCallScope scope, Object callback) {
    return null;
  }

  /**
   * For an asynchronous call: whether {@code returned} (a future, a stream) ends the call later,
   * having arranged for it to call {@link LlmCallScope#complete} or {@link LlmCallScope#fail}.
   * {@code false} ends the call with {@code returned} as its response when the method returns.
   */
  public boolean endsLater(LlmCallScope scope, Object returned) {
    return false;
  }
}
