/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.llm;

import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.Observer;

/**
 * One LLM call in progress, as handed between the advice's enter and exit and to a streaming
 * callback or a future: ends its call exactly once, with the library reading the response.
 */
public final class LlmCallScope {

  private final Observer observer;
  private final LlmLibrary library;
  private final LlmCallObservation call;
  private boolean endsLater;

  LlmCallScope(Observer observer, LlmLibrary library, LlmCallObservation call) {
    this.observer = observer;
    this.library = library;
    this.call = call;
  }

  public LlmCallObservation call() {
    return call;
  }

  /** The response arrived: read it and end the call. Never throws. */
  public void complete(Object response) {
    try {
      library.response(call, response);
    } catch (Throwable t) {
      observer.stats().internalError();
    }
    int maxChars = observer.llmContentMaxChars();
    if (maxChars > 0) {
      captureMessages(response, true, maxChars);
    }
    end(null);
  }

  /**
   * Content capture is on: the request's ({@code output} false) or the response's messages, as
   * the library reads them. Never throws.
   */
  void captureMessages(Object source, boolean output, int maxChars) {
    try {
      LlmMessages messages = new LlmMessages(maxChars);
      if (output) {
        library.outputMessages(source, messages);
        call.setOutputMessages(messages.json());
      } else {
        library.inputMessages(source, messages);
        call.setInputMessages(messages.json());
      }
    } catch (Throwable t) {
      observer.stats().internalError();
    }
  }

  /** The call failed. Never throws. */
  public void fail(Throwable thrown) {
    try {
      call.setErrorType(library.errorType(thrown));
    } catch (Throwable t) {
      observer.stats().internalError();
    }
    end(thrown);
  }

  LlmLibrary library() {
    return library;
  }

  boolean endsLater() {
    return endsLater;
  }

  void setEndsLater() {
    endsLater = true;
  }

  private void end(Throwable thrown) {
    try {
      observer.endLlmCall(call, thrown);
    } catch (Throwable t) {
      observer.stats().internalError();
    }
  }
}
