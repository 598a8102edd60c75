/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.context;

import dev.agentobs.bootstrap.AgentHooks;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/** Inlined where an executor takes a {@link Callable}: hands on the task with the context. */
public final class WrapCallableAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
    task = AgentHooks.wrapCallable(task);
  }

  private WrapCallableAdvice() {}
}
