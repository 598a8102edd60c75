/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs.correlation;

import dev.agentobs.agent.internal.AgentLog;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * One of the app's thread-bound logging context maps (SLF4J's {@code MDC}, Log4j 2's {@code
 * ThreadContext}), called through method handles on the app's own class: the agent bundles no
 * logging framework, and the app's lives in the app's class loader. Both classes have the same
 * static {@code put(String, String)}, {@code get(String)} and {@code remove(String)}.
 */
final class ContextMap {

  /** The classes looked for, in the order their maps are written. */
  static final String[] CLASS_NAMES = {"org.slf4j.MDC", "org.apache.logging.log4j.ThreadContext"};

  private static final MethodType PUT = MethodType.methodType(void.class, String.class, String.class);
  private static final MethodType GET = MethodType.methodType(String.class, String.class);
  private static final MethodType REMOVE = MethodType.methodType(void.class, String.class);

  private final String className;
  private final MethodHandle put;
  private final MethodHandle get;
  private final MethodHandle remove;
  // a map that failed once (its framework not initialisable, say) is left alone from then on
  private volatile boolean broken;

  private ContextMap(String className, MethodHandle put, MethodHandle get, MethodHandle remove) {
    this.className = className;
    this.put = put;
    this.get = get;
    this.remove = remove;
  }

  /**
   * The map of {@code className} as {@code loader} sees it, or {@code null} when the app has no
   * such class. Neither loads nor initialises the framework beyond finding the class.
   */
  static ContextMap find(String className, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      return new ContextMap(
          className,
          lookup.findStatic(type, "put", PUT),
          lookup.findStatic(type, "get", GET),
          lookup.findStatic(type, "remove", REMOVE));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      AgentLog.debug("log correlation: " + className + " in " + loader + " is unusable: " + e);
      return null;
    }
  }

  /** Puts {@code value}, or removes the key when the value is null or empty. */
  void set(String key, String value) {
    if (broken) {
      return;
    }
    try {
      if (value == null || value.isEmpty()) {
        remove.invokeExact(key);
      } else {
        put.invokeExact(key, value);
      }
    } catch (Throwable t) {
      fail(t);
    }
  }

  /** The value the app has under {@code key}, or {@code null}. */
  String get(String key) {
    if (broken) {
      return null;
    }
    try {
      return (String) get.invokeExact(key);
    } catch (Throwable t) {
      fail(t);
      return null;
    }
  }

  private void fail(Throwable t) {
    broken = true;
    AgentLog.warnOnce(
        "log-correlation-" + className,
        "log correlation: " + className + " failed, its ids are no longer set: " + t);
  }

  @Override
  public String toString() {
    return className;
  }
}
