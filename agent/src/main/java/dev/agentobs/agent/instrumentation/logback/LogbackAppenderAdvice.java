/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.logback;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Logback's {@code OutputStreamAppender.subAppend(E)}: when the agent takes the event,
 * the method body (encoding and writing) is skipped.
 */
public final class LogbackAppenderAdvice {

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean onEnter(@Advice.This Object appender, @Advice.Argument(0) Object event) {
    return AgentHooks.logbackAppend(appender, event);
  }

  private LogbackAppenderAdvice() {}
}
