/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.context;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined where a started thread or a forked task begins to run: the context it was given is
 * current for the run, and the thread has nothing of it afterwards.
 */
public final class AttachThisAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This Object work) {
    return AgentHooks.attachPending(work);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(@Advice.Enter Object agentObsScope) {
    AgentHooks.detachContext(agentObsScope);
  }

  private AttachThisAdvice() {}
}
