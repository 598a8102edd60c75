/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.executor;

import dev.agentobs.bootstrap.AgentHooks;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined at the end of {@code FutureTask}'s constructors: the callable inside the future (private,
 * never handed out) runs within the context the future was created in.
 */
public final class FutureTaskAdvice {

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(
      @Advice.FieldValue(value = "callable", readOnly = false, typing = Assigner.Typing.DYNAMIC)
          Callable<?> callable) {
    callable = AgentHooks.wrapCallable(callable);
  }

  private FutureTaskAdvice() {}
}
