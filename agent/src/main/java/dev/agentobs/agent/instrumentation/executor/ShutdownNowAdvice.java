/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.executor;

import dev.agentobs.bootstrap.AgentHooks;
import java.util.List;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ThreadPoolExecutor.shutdownNow}: the tasks returned are the app's own. */
public final class ShutdownNowAdvice {

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.Return List<Runnable> tasks) {
    AgentHooks.unwrapAll(tasks);
  }

  private ShutdownNowAdvice() {}
}
