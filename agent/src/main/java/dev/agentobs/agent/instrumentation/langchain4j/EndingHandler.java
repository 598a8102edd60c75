/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.langchain4j;

import dev.agentobs.agent.instrumentation.llm.LlmCallScope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Stands in for the application's {@code StreamingChatResponseHandler}: the complete response or
 * the error ends the LLM call first (so the call is reported by the time the application hears of
 * it), then every callback goes to the application's handler unchanged, exceptions included.
 */
final class EndingHandler implements InvocationHandler {

  private final LlmCallScope scope;
  private final Object target;

  EndingHandler(LlmCallScope scope, Object target) {
    this.scope = scope;
    this.target = target;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      if (name.equals("equals")) {
        return proxy == args[0];
      }
    } else if (args != null && args.length == 1) {
      if (name.equals("onCompleteResponse")) {
        scope.complete(args[0]);
      } else if (name.equals("onError") && args[0] instanceof Throwable) {
        scope.fail((Throwable) args[0]);
      }
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
