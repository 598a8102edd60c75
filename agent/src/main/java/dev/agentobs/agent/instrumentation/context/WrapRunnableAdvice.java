/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.context;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/** Inlined where an executor takes a {@link Runnable}: hands on the task with the context. */
public final class WrapRunnableAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = AgentHooks.wrapRunnable(task);
  }

  private WrapRunnableAdvice() {}
}
