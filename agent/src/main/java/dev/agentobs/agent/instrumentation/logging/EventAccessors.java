/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.logging;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Method handles on a logging framework's public event type, looked up in the app's class loader
 * (the agent compiles against no framework) and typed {@code (Object)Object} or {@code
 * (Object)long} so that they can be invoked exactly.
 */
public final class EventAccessors {

  private static final MethodType TO_OBJECT = MethodType.methodType(Object.class, Object.class);
  private static final MethodType TO_LONG = MethodType.methodType(long.class, Object.class);

  /**
   * The public type {@code name} as {@code like}'s loader sees it, or {@code null} if absent or
   * not a supertype of {@code like}.
   */
  public static Class<?> supertype(Class<?> like, String name) {
    Class<?> type = sibling(like, name);
    return type != null && type.isAssignableFrom(like) ? type : null;
  }

  /** The class {@code name} as {@code like}'s loader sees it, or {@code null} if absent. */
  public static Class<?> sibling(Class<?> like, String name) {
    try {
      return Class.forName(name, false, like.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** A public no-argument instance method returning an object, as {@code (Object)Object}. */
  public static MethodHandle getter(Class<?> owner, String name, Class<?> returns)
      throws ReflectiveOperationException {
    return MethodHandles.publicLookup()
        .findVirtual(owner, name, MethodType.methodType(returns))
        .asType(TO_OBJECT);
  }

  /** A public no-argument instance method returning a {@code long}, as {@code (Object)long}. */
  public static MethodHandle longGetter(Class<?> owner, String name)
      throws ReflectiveOperationException {
    return MethodHandles.publicLookup()
        .findVirtual(owner, name, MethodType.methodType(long.class))
        .asType(TO_LONG);
  }

  private EventAccessors() {}
}
