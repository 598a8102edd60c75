/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import dev.agentobs.agent.observation.Observer;

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
    observer.endPhase(
        (Observer.PhaseScope) scope, thrown, thrown == null ? TokenReader.read(returned) : null);
  }
}
