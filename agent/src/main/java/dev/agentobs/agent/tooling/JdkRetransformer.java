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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Weaves the few JDK classes already loaded when premain runs ({@code Thread}, the executors), or
 * loaded by the app before Byte Buddy is ready: a transformer of its own, registered as able to
 * retransform, that looks at those exact names only.
 * The main transformer stays unable to, so the JVM keeps no class bytes around for it.
 */
final class JdkRetransformer implements ClassFileTransformer {

  private final Set<String> classes;
  private final CompletableFuture<ClassFileTransformer> weaver;
  /** Those woven as they loaded, after premain: retransforming them would weave them twice. */
  private final Set<String> wovenAtLoad = ConcurrentHashMap.newKeySet();

  JdkRetransformer(List<String> classes, CompletableFuture<ClassFileTransformer> weaver) {
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
        if (!weaver.isDone()) {
          // the app's main thread creating its first pool must not wait for Byte Buddy (hundreds
          // of milliseconds of start-up): the class loads as it is and is re-woven with those
          // loaded before premain, as soon as the weaver is ready
          return null;
        }
        wovenAtLoad.add(className);
      }
      return weaver.join().transform(
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
    if (loaded.isEmpty()) {
      return;
    }
    try {
      // in one operation, so no thread ever runs a woven Thread.start beside an unwoven pool (a
      // pool's worker started in a request would keep that request's context for good)
      inst.retransformClasses(loaded.toArray(new Class<?>[0]));
    } catch (Throwable all) {
      for (Class<?> type : loaded) {
        try {
          inst.retransformClasses(type);
        } catch (Throwable t) {
          stats.internalError();
          AgentLog.debug("could not re-instrument " + type.getName() + ": " + t);
        }
      }
    }
    AgentLog.debugTook("retransformed " + loaded.size() + " JDK classes", start);
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
