/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.stainless;

import dev.agentobs.bootstrap.AgentHooks;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a Stainless SDK service's {@code create} and {@code createStreaming(params,
 * requestOptions)}. A streamed response is handed back behind a stand-in that ends the call when
 * the stream ends (the hook that wraps a streaming callback makes it). The SDKs differ only in
 * the library's name the hook is given, bound as a constant by each one's instrumentation.
 */
public final class StainlessAdvice {

  /** The library's name ({@code openai}, {@code anthropic}), a constant in the woven code. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  public @interface Library {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(
      @Library String library,
      @Advice.This Object service,
      @Advice.Argument(0) Object params) {
    return AgentHooks.llmCallEnter(library, service, params);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(
      @Advice.Enter Object agentObsScope,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    returned = AgentHooks.llmCallCallback(agentObsScope, returned);
    AgentHooks.llmCallExit(agentObsScope, returned, thrown);
  }

  private StainlessAdvice() {}
}
