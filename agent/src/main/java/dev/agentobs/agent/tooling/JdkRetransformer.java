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
import java.util.HashSet;
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

  /**
   * Never initialised by the agent: its initialiser builds the virtual threads' scheduler from
   * system properties ({@code jdk.virtualThreadScheduler.*}) the app may still be setting.
   */
  private static final String CONFIGURED_AT_INIT = "java/lang/VirtualThread";

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
    Set<String> loaded = new HashSet<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (type.getClassLoader() == null && classes.contains(type.getName().replace('.', '/'))) {
        loaded.add(type.getName());
      }
    }
    List<Class<?>> types = new ArrayList<>();
    for (String name : classes) {
      String binaryName = name.replace('/', '.');
      Class<?> type =
          bootClass(binaryName, loaded.contains(binaryName) && !CONFIGURED_AT_INIT.equals(name));
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
   * The class, loaded by the boot loader if it was not yet (then not initialised: nothing of it
   * runs); null for a class this JDK lacks (VirtualThread on 17). A class the JVM had loaded is
   * initialised, and so linked, before it is retransformed: on JDKs without the fix of JDK-8277444
   * (17.0.15 here), retransforming a class while another thread links it can copy its bytecodes
   * half rewritten, and the JDK's classes are not verified: the JVM crashed in {@code
   * Rewriter::rewrite_member_reference} once in some hundred start-ups of the bench service,
   * its main thread creating its first pool meanwhile. These classes' initialisers only set up
   * constants and the agent's own start-up has initialised most of them already
   * ({@code CompletableFuture} initialises {@code ForkJoinPool}); but {@link #CONFIGURED_AT_INIT}.
   */
  private static Class<?> bootClass(String name, boolean loaded) {
    try {
      return Class.forName(name, loaded, null);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
