/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.javalin;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into Javalin's {@code JavalinServletContext.update(Endpoint, Map)}. */
public final class JavalinAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(0) Object endpoint) {
    AgentHooks.javalinEndpoint(endpoint);
  }

  private JavalinAdvice() {}
}
