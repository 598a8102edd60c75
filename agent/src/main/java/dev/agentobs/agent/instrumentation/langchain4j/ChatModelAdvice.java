/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.langchain4j;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code ChatModel}'s {@code chat} and {@code doChat}: one LLM call each. */
public final class ChatModelAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(
      @Advice.This Object model,
      @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object request) {
    return AgentHooks.llmCallEnter("langchain4j", model, request);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(
      @Advice.Enter Object agentObsScope,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    AgentHooks.llmCallExit(agentObsScope, returned, thrown);
  }

  private ChatModelAdvice() {}
}
