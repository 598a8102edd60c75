/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.TokenUsage;
import java.util.concurrent.CompletionStage;

/**
 * The logic behind {@link PhaseAdvice}: start a phase, end it with its outcome and tokens. A phase
 * whose method returns a {@link CompletionStage} (a {@code CompletableFuture}) ends when that
 * completes, with its outcome and the tokens of its value: the method only started the work.
 */
public final class PhaseHelper {

  private final Observer observer;

  public PhaseHelper(Observer observer) {
    this.observer = observer;
  }

  public Object enter(String phase, String agent, String declaringType, String codeFunction) {
    return observer.startPhase(phase, agent, declaringType, codeFunction);
  }

  public void exit(Object scope, Object returned, Throwable thrown) {
    Observer.PhaseScope phase = (Observer.PhaseScope) scope;
    if (thrown == null && returned instanceof CompletionStage) {
      observer.suspendPhase(phase);
      AsyncPhaseEnd.when((CompletionStage<?>) returned, observer, phase);
      return;
    }
    observer.endPhase(phase, thrown, thrown == null ? tokensOf(returned, observer) : null);
  }

  /** The tokens the value reports; none if reading them broke (counted: the phase still ends). */
  static TokenUsage tokensOf(Object value, Observer observer) {
    try {
      return TokenReader.read(value);
    } catch (RuntimeException e) {
      observer.stats().internalError();
      return null;
    }
  }
}
