/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.context;

import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.Observer;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.FutureTask;

/**
 * The logic behind the {@code executor}, {@code fork-join} and {@code thread} instrumentations:
 * which work gets the context current where it is submitted, and making it current where it runs.
 * The context is the observation in progress (request or phase) itself: nothing is copied, and a
 * pool's thread holds it only while it runs that work.
 */
public final class ContextPropagation {

  private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

  /**
   * Whether a thread of this class runs through {@code Thread.run}, where the context is made
   * current. One that overrides {@code run} never would, and the context kept for it would wait, for
   * as long as the thread lives, for a run that does not come.
   */
  private static final ClassValue<Boolean> RUNS_THROUGH_THREAD_RUN =
      new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          if (type.getName().equals(VIRTUAL_THREAD)) {
            return true;
          }
          try {
            return type.getMethod("run").getDeclaringClass() == Thread.class;
          } catch (NoSuchMethodException | RuntimeException e) {
            return false;
          }
        }
      };

  private final Observer observer;

  public ContextPropagation(Observer observer) {
    this.observer = observer;
  }

  /** The context {@code work} is to carry, or {@code null} when it is to carry none. */
  public Object capture(Object work) {
    Observation context = observer.capture();
    if (context == null || !wanted(work)) {
      return null;
    }
    return context;
  }

  public Object attach(Object context) {
    return observer.attach((Observation) context);
  }

  public void detach(Object scope) {
    observer.detach(scope);
  }

  public Object pause() {
    return observer.pause();
  }

  public void resume(Object paused) {
    observer.resume((Observation) paused);
  }

  /**
   * Work that carries a context of its own, or that is no request's work, is left alone: a {@code
   * FutureTask} got one when it was created, a pool's worker thread serves many requests, a thread
   * that overrides {@code run} would never take it, and a virtual thread's continuation is the
   * virtual thread's own scheduling, not the submitter's work.
   */
  private static boolean wanted(Object work) {
    if (work instanceof FutureTask) {
      return false;
    }
    if (work instanceof Thread) {
      return !(work instanceof ForkJoinWorkerThread)
          && RUNS_THROUGH_THREAD_RUN.get(work.getClass());
    }
    return !work.getClass().getName().startsWith(VIRTUAL_THREAD);
  }
}
