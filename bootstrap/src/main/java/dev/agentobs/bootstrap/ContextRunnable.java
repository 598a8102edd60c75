/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bootstrap;

/**
 * A task handed to an executor from inside a request, run within that request's context on the
 * pool's thread and with nothing of it left there afterwards. Made only by {@link
 * AgentHooks#wrapRunnable}; applications never see it unless they inspect an executor's queue.
 */
public final class ContextRunnable implements Runnable {

  private final Runnable delegate;
  private final Object context;

  ContextRunnable(Runnable delegate, Object context) {
    this.delegate = delegate;
    this.context = context;
  }

  /**
   * The application's own task.
   *
   * @return the task this one runs
   */
  public Runnable delegate() {
    return delegate;
  }

  @Override
  public void run() {
    Object scope = AgentHooks.attachContext(context);
    try {
      delegate.run();
    } finally {
      AgentHooks.detachContext(scope);
    }
  }

  @Override
  public String toString() {
    // rejection messages and thread dumps name the application's task
    return delegate.toString();
  }
}
