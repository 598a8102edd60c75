/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.servlet;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Servlet.service(ServletRequest, ServletResponse)} and {@code
 * Filter.doFilter(ServletRequest, ServletResponse, FilterChain)} implementations, of both the
 * {@code jakarta.servlet} and {@code javax.servlet} APIs: the arguments are passed as plain objects.
 */
public final class ServletAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(
      @Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    return AgentHooks.servletEnter(request, response);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(
      @Advice.Enter Object agentObsScope,
      @Advice.Argument(0) Object request,
      @Advice.Argument(1) Object response,
      @Advice.Thrown Throwable thrown) {
    AgentHooks.servletExit(agentObsScope, request, response, thrown);
  }

  private ServletAdvice() {}
}
