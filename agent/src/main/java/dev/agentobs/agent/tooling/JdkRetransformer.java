/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.SelfStats;
import java.io.InputStream;
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
 * loaded by the app before their weaving is prepared: a transformer of its own, registered as able
 * to retransform, that looks at those exact names only.
 * The main transformer stays unable to, so the JVM keeps no class bytes around for it.
 */
final class JdkRetransformer implements ClassFileTransformer {

  private final Set<String> classes;
  private final CompletableFuture<AdviceTransformer> weaver;
  /** Those woven as they loaded, after premain: retransforming them would weave them twice. */
  private final Set<String> wovenAtLoad = ConcurrentHashMap.newKeySet();
  /** Set once every class's weaving is prepared: from then on a class loading is woven at once. */
  private volatile boolean weaveAtLoad;

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
    if (loader != null || className == null || !classes.contains(className)) {
      return null;
    }
    try {
      if (classBeingRedefined == null) {
        if (!weaveAtLoad) {
          // the app's main thread creating its first pool must not wait for Byte Buddy, nor for
          // a first weave of the class (both hundreds of milliseconds of start-up): the class
          // loads as it is and is re-woven with those loaded before premain, once prepared
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
    for (String name : classes) {
      prepare(name);
    }
    // before the classes are listed: one loading from here on is woven as it loads, one loaded
    // before is in the list (a load in progress completes before forName below returns)
    weaveAtLoad = true;
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

  private void prepare(String internalName) {
    long start = System.nanoTime();
    // a class file is never encapsulated in its module: the JDK's own bytes, from the runtime image
    try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
      if (in != null) {
        weaver.join().prepare(internalName, in.readAllBytes());
        AgentLog.debugTook("prepared the weaving of " + internalName, start);
      }
    } catch (Throwable t) {
      AgentLog.debug("could not prepare the weaving of " + internalName + ": " + t);
    }
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
