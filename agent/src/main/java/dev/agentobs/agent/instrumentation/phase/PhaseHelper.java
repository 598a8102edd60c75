/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.TokenUsage;

/** The logic behind {@link PhaseAdvice}: start a phase, end it with its outcome and tokens. */
public final class PhaseHelper {

  private final Observer observer;

  public PhaseHelper(Observer observer) {
    this.observer = observer;
  }

  public Object enter(String phase, String agent, String declaringType, String codeFunction) {
    return observer.startPhase(phase, agent, declaringType, codeFunction);
  }

  public void exit(Object scope, Object returned, Throwable thrown) {
    TokenUsage tokens = null;
    if (thrown == null) {
      try {
        tokens = TokenReader.read(returned);
      } catch (RuntimeException e) {
        // the app's value broke while we read it: the phase still ends, without tokens
        observer.stats().internalError();
      }
    }
    observer.endPhase((Observer.PhaseScope) scope, thrown, tokens);
  }
}
