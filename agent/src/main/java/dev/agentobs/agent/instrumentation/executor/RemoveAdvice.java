/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.executor;

import dev.agentobs.bootstrap.AgentHooks;
import java.util.concurrent.BlockingQueue;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ThreadPoolExecutor.remove}: the app's task is found behind its wrapper. */
public final class RemoveAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(
      @Advice.FieldValue("workQueue") BlockingQueue<Runnable> queue,
      @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = AgentHooks.queuedForm(queue, task);
  }

  private RemoveAdvice() {}
}
