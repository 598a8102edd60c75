/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.langchain4j;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code StreamingChatModel}'s {@code chat} and {@code doChat} whose handler is the
 * second argument: the handler is replaced by one that ends the call when the response completes.
 */
public final class StreamingChatAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(
      @Advice.This Object model,
      @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object request,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
          Object handler) {
    Object agentObsScope = AgentHooks.llmCallEnter("langchain4j", model, request);
    handler = AgentHooks.llmCallCallback(agentObsScope, handler);
    return agentObsScope;
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(
      @Advice.Enter Object agentObsScope, @Advice.Thrown Throwable thrown) {
    AgentHooks.llmCallExit(agentObsScope, null, thrown);
  }

  private StreamingChatAdvice() {}
}
