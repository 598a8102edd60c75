/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.bootstrap.AgentHooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Registers the enabled instrumentations with the JVM behind one {@link PrefilterTransformer}. */
public final class Installer {

  /**
   * Installs the instrumentations and returns at once. Byte Buddy is prepared on a background
   * thread while the application starts; a class that needs it before then waits for it, so no
   * class is ever loaded uninstrumented.
   *
   * @param loadListeners run when a class of the given internal name is loaded
   * @param attached {@code true} in {@code agentmain}: the transformer is registered so that it can
   *     retransform classes loaded before the agent (see {@link Installation#retransformLoaded})
   */
  public static Installation install(
      Instrumentation inst,
      List<AgentInstrumentation> instrumentations,
      Map<String, Runnable> loadListeners,
      SelfStats stats,
      boolean attached) {
    return install(
        inst,
        instrumentations,
        loadListeners,
        stats,
        attached,
        task -> {
          Thread prepare = new Thread(task, "agent-obs-weaver-init");
          prepare.setDaemon(true);
          prepare.start();
        });
  }

  /** As above, with Byte Buddy prepared and the JDK classes woven by {@code background}. */
  static Installation install(
      Instrumentation inst,
      List<AgentInstrumentation> instrumentations,
      Map<String, Runnable> loadListeners,
      SelfStats stats,
      boolean attached,
      Executor background) {
    List<String> markers = new ArrayList<>();
    Set<String> classNames = new HashSet<>();
    List<String> jdkClasses = new ArrayList<>();
    List<String> loadedJdkClasses = new ArrayList<>();
    Map<String, Map.Entry<String, ClassWeaver>> weavers = new HashMap<>();
    Map<String, Map.Entry<String, ClassWeaver>> jdkWeavers = new HashMap<>();
    for (AgentInstrumentation i : instrumentations) {
      markers.addAll(i.classFileMarkers());
      ClassWeaver classWeaver = i.classWeaver();
      if (classWeaver != null) {
        for (String marker : i.classFileMarkers()) {
          weavers.put(marker, Map.entry(i.name(), classWeaver));
        }
        for (String jdkClass : i.jdkClasses()) {
          jdkWeavers.put(jdkClass, Map.entry(i.name(), classWeaver));
        }
      }
      loadedJdkClasses.addAll(i.loadedJdkClasses());
      classNames.addAll(i.classNames());
      jdkClasses.addAll(i.jdkClasses());
      for (String module : i.modules()) {
        letModuleReadHooks(inst, module);
      }
    }
    for (AgentInstrumentation i : instrumentations) {
      for (String jdkClass : i.jdkClasses()) {
        Map.Entry<String, ClassWeaver> own = jdkWeavers.get(jdkClass);
        if (own != null && !own.getKey().equals(i.name())) {
          jdkWeavers.remove(jdkClass); // asked for by two: Byte Buddy weaves both in
        }
      }
    }
    List<AgentInstrumentation> copy = List.copyOf(instrumentations);
    CompletableFuture<AdviceTransformer> weaver = new CompletableFuture<>();
    JdkRetransformer jdk =
        loadedJdkClasses.isEmpty() ? null : new JdkRetransformer(loadedJdkClasses, weaver);
    CompletableFuture<Void> jdkWoven = new CompletableFuture<>();
    if (jdk != null) {
      inst.addTransformer(jdk, true);
    }
    // only once the JdkRetransformer is registered: the retransformation of the loaded JDK classes
    // passes through it or weaves nothing, and Byte Buddy may be ready at once (its classes loaded
    // already, in a JVM the agent attaches to). The pre-filter comes after the start: a class it
    // wants, loading on this thread, would wait for a weaver no thread prepares
    background.execute(
        () -> {
          long start = System.nanoTime();
          try {
            AdviceTransformer transformer = new AdviceTransformer(copy, stats);
            weaver.complete(transformer);
            AgentLog.debugTook("Byte Buddy ready", start);
            if (jdk != null) {
              jdk.retransformLoaded(inst, stats);
            }
          } catch (Throwable t) {
            weaver.completeExceptionally(t);
            AgentLog.warn("instrumentation disabled, Byte Buddy failed to start: " + t);
          } finally {
            jdkWoven.complete(null);
          }
        });
    PrefilterTransformer prefilter =
        new PrefilterTransformer(
            markers,
            classNames,
            jdkClasses,
            weaver::join,
            loadListeners,
            weavers,
            jdkWeavers,
            stats);
    // retransform-capable only when attaching: at premain every class passes the transformer at
    // load, and the JVM need not keep original class bytes around for retransformation
    inst.addTransformer(prefilter, attached);
    return new Installation(inst, prefilter, jdk, jdkWoven, stats);
  }

  /** Lets a named JDK module's woven code call {@code AgentHooks} in the boot loader's unnamed module. */
  private static void letModuleReadHooks(Instrumentation inst, String moduleName) {
    ModuleLayer.boot()
        .findModule(moduleName)
        .ifPresent(
            module ->
                inst.redefineModule(
                    module,
                    Set.of(AgentHooks.class.getModule()),
                    Map.of(),
                    Map.of(),
                    Set.of(),
                    Map.of()));
  }

  private Installer() {}
}
