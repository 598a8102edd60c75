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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Registers the enabled instrumentations with the JVM behind one {@link PrefilterTransformer}. */
public final class Installer {

  /**
   * Installs the instrumentations and returns at once. Byte Buddy is prepared on a background
   * thread while the application starts; a class that needs it before then waits for it, so no
   * class is ever loaded uninstrumented.
   *
   * @param loadListeners run when a class of the given internal name is loaded
   * @return completes when Byte Buddy is ready (or failed): later start-up work waits for it, so
   *     that on a small machine it does not compete for the CPU with the app's first classes
   */
  public static CompletableFuture<?> install(
      Instrumentation inst,
      List<AgentInstrumentation> instrumentations,
      Map<String, Runnable> loadListeners,
      SelfStats stats) {
    List<String> markers = new ArrayList<>();
    List<String> jdkClasses = new ArrayList<>();
    for (AgentInstrumentation i : instrumentations) {
      markers.addAll(i.classFileMarkers());
      jdkClasses.addAll(i.jdkClasses());
      for (String module : i.modules()) {
        letModuleReadHooks(inst, module);
      }
    }
    List<AgentInstrumentation> copy = List.copyOf(instrumentations);
    CompletableFuture<ClassFileTransformer> weaver = new CompletableFuture<>();
    Thread prepare =
        new Thread(
            () -> {
              long start = System.nanoTime();
              try {
                weaver.complete(new AdviceTransformer(copy, stats));
                AgentLog.debug(
                    "Byte Buddy ready in " + (System.nanoTime() - start) / 1_000_000 + " ms");
              } catch (Throwable t) {
                weaver.completeExceptionally(t);
                AgentLog.warn("instrumentation disabled, Byte Buddy failed to start: " + t);
              }
            },
            "agent-obs-weaver-init");
    prepare.setDaemon(true);
    prepare.start();
    inst.addTransformer(
        new PrefilterTransformer(markers, jdkClasses, weaver::join, loadListeners), false);
    return weaver;
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
