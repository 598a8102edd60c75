/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.jdkhttp;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into the JDK's {@code Filter.Chain.doFilter(HttpExchange)}. */
public final class JdkHttpServerAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.Argument(0) Object exchange) {
    return AgentHooks.httpServerEnter(exchange);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(
      @Advice.Enter Object agentObsScope,
      @Advice.Argument(0) Object exchange,
      @Advice.Thrown Throwable thrown) {
    AgentHooks.httpServerExit(agentObsScope, exchange, thrown);
  }

  private JdkHttpServerAdvice() {}
}
