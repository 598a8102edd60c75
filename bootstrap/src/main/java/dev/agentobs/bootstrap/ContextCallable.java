/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bootstrap;

import java.util.concurrent.Callable;

/**
 * The {@link java.util.concurrent.Callable} counterpart of {@link ContextRunnable}: also what a
 * {@code FutureTask} created inside a request runs, so the task itself stays the application's.
 *
 * @param <V> the result type
 */
public final class ContextCallable<V> implements Callable<V> {

  private final Callable<V> delegate;
  private final Object context;

  ContextCallable(Callable<V> delegate, Object context) {
    this.delegate = delegate;
    this.context = context;
  }

  @Override
  public V call() throws Exception {
    Object scope = AgentHooks.attachContext(context);
    try {
      return delegate.call();
    } finally {
      AgentHooks.detachContext(scope);
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
