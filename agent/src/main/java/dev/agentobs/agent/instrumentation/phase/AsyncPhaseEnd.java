/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import dev.agentobs.agent.observation.Observer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * Ends a phase when the future its method returned completes, on whichever thread completes it.
 * Registered with {@code whenComplete}, which leaves the app's future and its outcome unchanged.
 */
final class AsyncPhaseEnd implements BiConsumer<Object, Throwable> {

  private final Observer observer;
  private final Observer.PhaseScope phase;

  private AsyncPhaseEnd(Observer observer, Observer.PhaseScope phase) {
    this.observer = observer;
    this.phase = phase;
  }

  static void when(CompletionStage<?> stage, Observer observer, Observer.PhaseScope phase) {
    try {
      stage.whenComplete(new AsyncPhaseEnd(observer, phase));
    } catch (RuntimeException e) {
      // a stage that refuses dependents: the phase ends now rather than never
      observer.endSuspendedPhase(phase, null, null);
    }
  }

  @Override
  public void accept(Object value, Throwable failure) {
    try {
      Throwable error = unwrap(failure);
      observer.endSuspendedPhase(
          phase, error, error == null ? PhaseHelper.tokensOf(value, observer) : null);
    } catch (Throwable t) {
      observer.stats().internalError();
    }
  }

  /** The app's own exception, not the wrapper a dependent stage sees. */
  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
