/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.stainless;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the getters of an SDK's model classes ({@code completion.usage()}, {@code
 * usage.promptTokens()}) by name, through method handles resolved once per class and getter and
 * cached with the class: the agent never links against an SDK, so each application's own copy of
 * it is the one read. Stainless-generated SDKs return an absent optional field as an empty {@code
 * Optional}, which reads here as {@code null}, as does a getter the class does not have (an older
 * or newer SDK).
 */
public final class ModelProperties {

  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
  private static final MethodHandle MISSING =
      MethodHandles.dropArguments(MethodHandles.constant(Object.class, null), 0, Object.class);

  private static final ClassValue<ConcurrentHashMap<String, MethodHandle>> GETTERS =
      new ClassValue<ConcurrentHashMap<String, MethodHandle>>() {
        @Override
        protected ConcurrentHashMap<String, MethodHandle> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  /** {@code target.name()}, an {@code Optional} unwrapped; {@code null} if absent or no getter. */
  public static Object get(Object target, String name) {
    if (target == null) {
      return null;
    }
    ConcurrentHashMap<String, MethodHandle> getters = GETTERS.get(target.getClass());
    MethodHandle getter = getters.get(name);
    if (getter == null) {
      getter = resolve(target.getClass(), name);
      getters.put(name, getter);
    }
    Object value;
    try {
      value = (Object) getter.invokeExact(target);
    } catch (Throwable t) {
      // a getter of a required field the response lacked throws: the field is just not there
      return null;
    }
    return value instanceof Optional ? ((Optional<?>) value).orElse(null) : value;
  }

  /** {@code get(get(target, first), second)}. */
  public static Object get(Object target, String first, String second) {
    return get(get(target, first), second);
  }

  /** A token count, or {@code -1} when not reported. */
  public static long count(Object target, String name) {
    Object value = get(target, name);
    return value instanceof Number ? ((Number) value).longValue() : -1;
  }

  /**
   * A string-valued field: the SDKs' enum-like classes ({@code ChatModel}, {@code FinishReason},
   * {@code StopReason}) print as their wire value; {@code null} if absent.
   */
  public static String text(Object target, String name) {
    Object value = get(target, name);
    return value == null ? null : value.toString();
  }

  private static MethodHandle resolve(Class<?> type, String name) {
    try {
      Method method = type.getMethod(name);
      if (method.getReturnType() == void.class
          || !Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
        return MISSING;
      }
      return MethodHandles.publicLookup().unreflect(method).asType(GETTER);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return MISSING;
    }
  }

  private ModelProperties() {}
}
