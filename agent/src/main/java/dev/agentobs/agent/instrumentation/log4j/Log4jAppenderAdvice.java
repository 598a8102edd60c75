/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.log4j;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Log4j 2's {@code AbstractOutputStreamAppender.append(LogEvent)}: when the agent
 * takes the event, the method body (layout and write) is skipped.
 */
public final class Log4jAppenderAdvice {

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean onEnter(@Advice.This Object appender, @Advice.Argument(0) Object event) {
    return AgentHooks.log4jAppend(appender, event);
  }

  private Log4jAppenderAdvice() {}
}
