/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;

/** What every instrumentation's advice shares: suppressed throwables are handed to the agent. */
final class AdviceSupport {

  /**
   * Routes a throwable suppressed in advice to {@link AgentHooks#adviceError}, which counts it,
   * instead of dropping it silently.
   */
  static final Advice.ExceptionHandler COUNTING_HANDLER = countingHandler();

  private static Advice.ExceptionHandler countingHandler() {
    try {
      return new Advice.ExceptionHandler.Simple(
          MethodInvocation.invoke(
              new MethodDescription.ForLoadedMethod(
                  AgentHooks.class.getMethod("adviceError", Throwable.class))));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  private AdviceSupport() {}
}
