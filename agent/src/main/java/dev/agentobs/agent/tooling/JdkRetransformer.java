/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.SelfStats;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Weaves the few JDK classes already loaded when premain runs ({@code Thread}, the executors): a
 * transformer of its own, registered as able to retransform, that looks at those exact names only.
 * The main transformer stays unable to, so the JVM keeps no class bytes around for it.
 */
final class JdkRetransformer implements ClassFileTransformer {

  private final Set<String> classes;
  private final Supplier<ClassFileTransformer> weaver;
  /** Those woven as they loaded, after premain: retransforming them would weave them twice. */
  private final Set<String> wovenAtLoad = ConcurrentHashMap.newKeySet();

  JdkRetransformer(List<String> classes, Supplier<ClassFileTransformer> weaver) {
    this.classes = Set.copyOf(classes);
    this.weaver = weaver;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (loader != null || className == null || !classes.contains(className)) {
      return null;
    }
    try {
      if (classBeingRedefined == null) {
        wovenAtLoad.add(className);
      }
      return weaver.get().transform(
          loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    } catch (Throwable t) {
      AgentLog.debug("could not transform " + className + ": " + t);
      return null;
    }
  }

  /** Retransforms those of the classes the JVM has loaded; the others are woven when they load. */
  void retransformLoaded(Instrumentation inst, SelfStats stats) {
    long start = System.nanoTime();
    List<Class<?>> loaded = new ArrayList<>();
    for (String name : classes) {
      Class<?> type = loadedBootClass(name.replace('/', '.'));
      if (type != null && !wovenAtLoad.contains(name) && inst.isModifiableClass(type)) {
        loaded.add(type);
      }
    }
    for (Class<?> type : loaded) {
      try {
        inst.retransformClasses(type);
      } catch (Throwable t) {
        stats.internalError();
        AgentLog.debug("could not re-instrument " + type.getName() + ": " + t);
      }
    }
    AgentLog.debug(
        "retransformed " + loaded.size() + " JDK classes in "
            + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  /**
   * The class if the boot loader has it. Loading one that is not loaded yet costs little and
   * weaves it at once, through {@link #transform}; a class this JDK lacks (VirtualThread on 17) is
   * skipped.
   */
  private static Class<?> loadedBootClass(String name) {
    try {
      return Class.forName(name, false, null);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
