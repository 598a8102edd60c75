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

/**
 * Weaves the few JDK classes the context instrumentations need ({@code Thread}, the executors), all
 * by one retransformation, off the app's threads: those not loaded yet are loaded first, unwoven,
 * so that none is woven twice (once prepared, once re-woven) and none is woven on an app thread
 * waiting for Byte Buddy. A transformer of its own, registered as able to retransform, that looks
 * at those exact names only; the main transformer stays unable to, so the JVM keeps no class bytes
 * around for it.
 */
final class JdkRetransformer implements ClassFileTransformer {

  private final Set<String> classes;
  private final CompletableFuture<AdviceTransformer> weaver;

  JdkRetransformer(List<String> classes, CompletableFuture<AdviceTransformer> weaver) {
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
    // a class loading (the app's main thread creating its first pool) loads as it is, never
    // waiting for Byte Buddy nor for a first, cold weave: retransformLoaded weaves it with the rest
    if (classBeingRedefined == null
        || loader != null
        || className == null
        || !classes.contains(className)) {
      return null;
    }
    try {
      return weaver.join().transform(
          loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    } catch (Throwable t) {
      AgentLog.debug("could not transform " + className + ": " + t);
      return null;
    }
  }

  /** Loads those of the classes this JDK has and retransforms them all. */
  void retransformLoaded(Instrumentation inst, SelfStats stats) {
    long start = System.nanoTime();
    List<Class<?>> types = new ArrayList<>();
    for (String name : classes) {
      Class<?> type = bootClass(name.replace('/', '.'));
      if (type != null && inst.isModifiableClass(type)) {
        types.add(type);
      }
    }
    if (types.isEmpty()) {
      return;
    }
    try {
      // in one operation, so no thread ever runs a woven Thread.start beside an unwoven pool (a
      // pool's worker started in a request would keep that request's context for good)
      inst.retransformClasses(types.toArray(new Class<?>[0]));
    } catch (Throwable all) {
      for (Class<?> type : types) {
        try {
          inst.retransformClasses(type);
        } catch (Throwable t) {
          stats.internalError();
          AgentLog.debug("could not re-instrument " + type.getName() + ": " + t);
        }
      }
    }
    AgentLog.debugTook("retransformed " + types.size() + " JDK classes", start);
  }

  /**
   * The class, loaded by the boot loader if it was not yet (not initialised: nothing of it runs);
   * null for a class this JDK lacks (VirtualThread on 17).
   */
  private static Class<?> bootClass(String name) {
    try {
      return Class.forName(name, false, null);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
