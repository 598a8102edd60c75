/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import dev.agentobs.agent.internal.AgentLog;
import java.util.List;

/**
 * Starts and ends observations, keeps the one in progress per thread, and fans every event out to
 * the signals. Instrumentations talk to this class only; signals only implement {@link
 * ObservationListener}.
 */
public final class Observer {

  private final ObservationListener[] listeners;
  private final SelfStats stats;
  private final ThreadLocal<Observation> current = new ThreadLocal<>();

  public Observer(List<ObservationListener> listeners, SelfStats stats) {
    this.listeners = listeners.toArray(new ObservationListener[0]);
    this.stats = stats;
  }

  public SelfStats stats() {
    return stats;
  }

  /** The observation in progress on this thread, or {@code null}. */
  public Observation current() {
    return current.get();
  }

  public TaskObservation startTask(TaskObservation task) {
    makeCurrent(task);
    for (ObservationListener l : listeners) {
      try {
        l.onTaskStart(task);
      } catch (Throwable t) {
        failed(l, t);
      }
    }
    return task;
  }

  /** Ends an HTTP task with the status it answered; {@code thrown} is what the handler threw. */
  public void endTask(TaskObservation task, int statusCode, Throwable thrown) {
    task.end(statusCode, thrown);
    try {
      for (ObservationListener l : listeners) {
        try {
          l.onTaskEnd(task);
        } catch (Throwable t) {
          failed(l, t);
        }
      }
    } finally {
      restore(task);
    }
  }

  /**
   * Starts a phase under the observation in progress; with none, starts a root task first (see
   * {@link PhaseScope#ownsTask()}).
   */
  public PhaseScope startPhase(String phase, String agent, String declaringType, String method) {
    Observation parent = current.get();
    TaskObservation root = null;
    if (parent == null) {
      root = startTask(TaskObservation.rootPhase(RequestIds.generate(), phase));
      parent = root;
    }
    PhaseObservation observation =
        new PhaseObservation(
            parent.task(),
            parent,
            phase,
            PhaseObservation.resolveAgentType(agent, parent),
            declaringType,
            method);
    makeCurrent(observation);
    for (ObservationListener l : listeners) {
      try {
        l.onPhaseStart(observation);
      } catch (Throwable t) {
        failed(l, t);
      }
    }
    return new PhaseScope(observation, root);
  }

  public void endPhase(PhaseScope scope, Throwable thrown, TokenUsage tokens) {
    PhaseObservation phase = scope.phase();
    phase.end(thrown, tokens);
    if (tokens != null) {
      phase.task().addTokens(tokens.total());
    }
    if (thrown != null) {
      phase.task().phaseFailed(thrown);
    }
    try {
      for (ObservationListener l : listeners) {
        try {
          l.onPhaseEnd(phase);
        } catch (Throwable t) {
          failed(l, t);
        }
      }
    } finally {
      restore(phase);
    }
    if (scope.ownsTask()) {
      endTask(scope.rootTask(), 0, thrown);
    }
  }

  public void cacheLookup(String cache, boolean hit) {
    CacheLookup lookup = new CacheLookup(cache, hit, current.get());
    for (ObservationListener l : listeners) {
      try {
        l.onCacheLookup(lookup);
      } catch (Throwable t) {
        failed(l, t);
      }
    }
  }

  private void makeCurrent(Observation observation) {
    observation.previous = current.get();
    current.set(observation);
  }

  /**
   * Puts back what was current before {@code observation} started. Setting {@code null} removes the
   * entry, so a pooled thread keeps nothing of a finished request.
   */
  private void restore(Observation observation) {
    Observation previous = observation.previous;
    observation.previous = null;
    if (previous == null) {
      current.remove();
    } else {
      current.set(previous);
    }
  }

  private void failed(ObservationListener listener, Throwable t) {
    stats.internalError();
    AgentLog.debugOnce(
        "listener-" + listener.getClass().getName(),
        "signal " + listener.getClass().getSimpleName() + " failed: " + t);
  }

  /** What {@link #startPhase} hands back to the instrumentation, to give to {@link #endPhase}. */
  public static final class PhaseScope {
    private final PhaseObservation phase;
    private final TaskObservation rootTask;

    PhaseScope(PhaseObservation phase, TaskObservation rootTask) {
      this.phase = phase;
      this.rootTask = rootTask;
    }

    public PhaseObservation phase() {
      return phase;
    }

    /** Whether this phase started its own root task (no request was in progress). */
    public boolean ownsTask() {
      return rootTask != null;
    }

    TaskObservation rootTask() {
      return rootTask;
    }
  }
}
