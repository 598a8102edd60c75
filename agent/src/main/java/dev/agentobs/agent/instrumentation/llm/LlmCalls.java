/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.llm;

import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.Observer;
import java.util.HashMap;
import java.util.Map;

/**
 * The logic behind the {@code AgentHooks.llmCall*} hooks, shared by every LLM instrumentation: a
 * call starts on entry (nested inside another LLM call on the same thread, it only feeds that one),
 * and ends on exit with what the method returned, unless a wrapped streaming callback or a returned
 * future ends it later.
 */
public final class LlmCalls {

  private final Observer observer;
  private final Map<String, LlmLibrary> libraries = new HashMap<>();

  public LlmCalls(Observer observer, LlmLibrary... libraries) {
    this.observer = observer;
    for (LlmLibrary library : libraries) {
      this.libraries.put(library.name(), library);
    }
  }

  /** The instrumentation name of the library a scope belongs to, for failure reports. */
  public static String libraryOf(Object scope) {
    return scope instanceof LlmCallScope ? ((LlmCallScope) scope).library().name() : "llm";
  }

  public Object enter(String libraryName, Object client, Object request) {
    LlmLibrary library = libraries.get(libraryName);
    if (library == null) {
      return null;
    }
    LlmCallObservation call = observer.newLlmCall();
    LlmCallScope scope = new LlmCallScope(observer, library, call);
    try {
      library.request(call, client, request);
    } catch (Throwable t) {
      observer.stats().internalError();
    }
    int maxChars = observer.llmContentMaxChars();
    if (maxChars > 0) {
      scope.captureMessages(request, false, maxChars);
    }
    observer.startLlmCall(call);
    return scope;
  }

  /** A streaming call's callback, wrapped to end the call; only the outermost call wraps. */
  public Object callback(Object scopeObject, Object callback) {
    LlmCallScope scope = (LlmCallScope) scopeObject;
    if (scope.call().nested()) {
      return null;
    }
    Object wrapped = scope.library().wrapCallback(scope, callback);
    if (wrapped != null) {
      scope.setEndsLater();
    }
    return wrapped;
  }

  public void exit(Object scopeObject, Object returned, Throwable thrown) {
    LlmCallScope scope = (LlmCallScope) scopeObject;
    try {
      if (thrown != null) {
        scope.fail(thrown);
      } else if (!scope.endsLater() && !scope.library().endsLater(scope, returned)) {
        scope.complete(returned);
      }
    } finally {
      observer.leaveLlmCall(scope.call());
    }
  }
}
