/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.httpclient;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the JDK's {@code HttpClientImpl.sendAsync(HttpRequest, BodyHandler,
 * PushPromiseHandler, Executor)}, which both {@code send} and {@code sendAsync} go through. The
 * application's request is immutable, so the one sent is a copy with the propagation headers.
 */
public final class HttpClientAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
          Object request) {
    Object agentObsScope = AgentHooks.httpClientEnter(request);
    if (agentObsScope != null) {
      request = AgentHooks.httpClientRequest(agentObsScope, request);
    }
    return agentObsScope;
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(
      @Advice.Enter Object agentObsScope,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object future,
      @Advice.Thrown Throwable thrown) {
    AgentHooks.httpClientExit(agentObsScope, future, thrown);
  }

  private HttpClientAdvice() {}
}
