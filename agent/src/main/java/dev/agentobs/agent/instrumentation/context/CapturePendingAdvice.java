/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.context;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined where a pool takes a {@code ForkJoinTask} the app may join: the task stays itself, its
 * context is kept aside until it runs.
 */
public final class CapturePendingAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(0) Object task) {
    AgentHooks.capturePending(task);
  }

  private CapturePendingAdvice() {}
}
