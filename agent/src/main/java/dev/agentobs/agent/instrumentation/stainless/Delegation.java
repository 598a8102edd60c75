/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.stainless;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** What the stand-ins for the SDK's streamed responses and handlers share. */
final class Delegation {

  /** Calls {@code method} on the SDK's (or the application's) object, its exceptions unchanged. */
  static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** A proxy of {@code type} (an SDK interface) whose calls go to {@code handler}. */
  static Object proxy(Class<?> type, InvocationHandler handler) {
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  /** {@code hashCode}, {@code equals} and {@code toString} of a proxy, or {@code null}. */
  static Object objectMethod(Object proxy, Method method, Object[] args, Object delegate) {
    switch (method.getName()) {
      case "hashCode":
        return method.getParameterCount() == 0 ? System.identityHashCode(proxy) : null;
      case "equals":
        return method.getParameterCount() == 1 ? proxy == args[0] : null;
      case "toString":
        return method.getParameterCount() == 0 ? delegate.toString() : null;
      default:
        return null;
    }
  }

  private Delegation() {}
}
