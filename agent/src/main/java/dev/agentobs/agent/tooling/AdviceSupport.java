/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;

/** What every instrumentation's advice shares: suppressed throwables are handed to the agent. */
public final class AdviceSupport {

  /**
   * Routes a throwable suppressed in advice to {@link AgentHooks#adviceError}, which counts it,
   * instead of dropping it silently.
   */
  public static final Advice.ExceptionHandler COUNTING_HANDLER = countingHandler();

  /** A ForAdvice transformer that finds advice classes in the agent jar and counts failures. */
  public static AgentBuilder.Transformer.ForAdvice forAdvice(Advice.WithCustomMapping mapping) {
    return new AgentBuilder.Transformer.ForAdvice(mapping)
        .include(AdviceSupport.class.getClassLoader())
        .withExceptionHandler(COUNTING_HANDLER);
  }

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
