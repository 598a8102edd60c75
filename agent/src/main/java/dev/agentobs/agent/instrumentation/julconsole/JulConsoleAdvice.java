/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.julconsole;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code java.util.logging.ConsoleHandler.publish(LogRecord)}: when the agent takes
 * the record, the method body (format and write to stderr) is skipped.
 */
public final class JulConsoleAdvice {

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean onEnter(@Advice.This Object handler, @Advice.Argument(0) Object record) {
    return AgentHooks.julPublish(handler, record);
  }

  private JulConsoleAdvice() {}
}
