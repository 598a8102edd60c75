/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Defines classes in the boot loader with the JDK's internal {@code Unsafe.defineClass}. Loaded
 * by {@link BootClasses} into a class loader of its own, the only module {@code jdk.internal.misc}
 * is exported to: neither the agent nor the application gains that access. References nothing but
 * the JDK.
 */
public final class BootDefiner {

  /** Defines {@code classes} (binary name to class file) in the boot loader, supertypes first. */
  public static void define(Map<String, byte[]> classes) throws ReflectiveOperationException {
    Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
    Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
    Method define =
        unsafeType.getMethod(
            "defineClass",
            String.class,
            byte[].class,
            int.class,
            int.class,
            ClassLoader.class,
            ProtectionDomain.class);
    List<String> pending = new ArrayList<>(classes.keySet());
    while (!pending.isEmpty()) {
      // a class whose supertype is not defined yet fails; it is tried again in the next round
      List<String> waiting = new ArrayList<>();
      Throwable lastFailure = null;
      for (String name : pending) {
        byte[] bytes = classes.get(name);
        try {
          define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
        } catch (InvocationTargetException e) {
          if (!(e.getCause() instanceof NoClassDefFoundError)) {
            throw e;
          }
          waiting.add(name);
          lastFailure = e.getCause();
        }
      }
      if (waiting.size() == pending.size()) {
        throw new ClassNotFoundException("cannot define " + waiting, lastFailure);
      }
      pending = waiting;
    }
  }

  private BootDefiner() {}
}
