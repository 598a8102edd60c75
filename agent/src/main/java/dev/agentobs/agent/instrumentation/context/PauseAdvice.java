/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.context;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ThreadPoolExecutor.addWorker}: the worker thread a pool starts from inside a
 * request serves every later task, so it must not be started within the request.
 */
public final class PauseAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter() {
    return AgentHooks.pauseContext();
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(@Advice.Enter Object agentObsPaused) {
    AgentHooks.resumeContext(agentObsPaused);
  }

  private PauseAdvice() {}
}
