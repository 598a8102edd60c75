/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.anthropic;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the Anthropic SDK message services' {@code create} and {@code createStreaming(params,
 * requestOptions)}. A streamed response is handed back behind a stand-in that ends the call when
 * the stream ends (the hook that wraps a streaming callback makes it).
 */
public final class AnthropicAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This Object service, @Advice.Argument(0) Object params) {
    return AgentHooks.llmCallEnter("anthropic", service, params);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(
      @Advice.Enter Object agentObsScope,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    returned = AgentHooks.llmCallCallback(agentObsScope, returned);
    AgentHooks.llmCallExit(agentObsScope, returned, thrown);
  }

  private AnthropicAdvice() {}
}
