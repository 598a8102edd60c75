/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.context;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Thread.start} and {@code ForkJoinTask.fork}: the thread or task about to run
 * elsewhere gets the context current here.
 */
public final class CaptureThisAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Object work) {
    AgentHooks.capturePending(work);
  }

  private CaptureThisAdvice() {}
}
