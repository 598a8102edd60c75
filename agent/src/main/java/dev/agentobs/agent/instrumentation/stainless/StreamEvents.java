/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.stainless;

import dev.agentobs.agent.instrumentation.llm.LlmCallScope;
import dev.agentobs.agent.instrumentation.llm.LlmLibrary;

/**
 * Where a streamed response's events go on their way to the application: each is read into the
 * call as it passes (the model and id from the first, the finish reason and usage from the last),
 * and the call ends, once, when the stream ends, fails or is closed. Never throws.
 */
final class StreamEvents {

  private final LlmCallScope scope;
  private final LlmLibrary library;

  StreamEvents(LlmCallScope scope, LlmLibrary library) {
    this.scope = scope;
    this.library = library;
  }

  void event(Object event) {
    try {
      library.response(scope.call(), event);
    } catch (Throwable t) {
      // a misread event costs that event's data only; the stream goes on untouched
    }
  }

  /** The stream ended or was closed: the call ends with what its events reported. */
  void end() {
    scope.complete(null);
  }

  void fail(Throwable error) {
    scope.fail(error);
  }
}
