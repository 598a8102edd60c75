/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.agent.observation.SelfStats;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.CompletableFuture;

/** The instrumentations as installed by {@link Installer}. */
public final class Installation {

  private final Instrumentation inst;
  private final PrefilterTransformer prefilter;
  private final JdkRetransformer jdk;
  private final CompletableFuture<?> jdkClassesWoven;
  private final SelfStats stats;

  Installation(
      Instrumentation inst,
      PrefilterTransformer prefilter,
      JdkRetransformer jdk,
      CompletableFuture<?> jdkClassesWoven,
      SelfStats stats) {
    this.inst = inst;
    this.prefilter = prefilter;
    this.jdk = jdk;
    this.jdkClassesWoven = jdkClassesWoven;
    this.stats = stats;
  }

  /**
   * Completes when Byte Buddy is ready and the JDK classes loaded before the agent ({@code Thread},
   * the executors) have been re-woven (or either failed); until then work handed to them carries
   * no context. Later start-up work waits for it, so that on a small machine it does not compete
   * for the CPU with the app's first classes.
   */
  public CompletableFuture<?> jdkClassesWoven() {
    return jdkClassesWoven;
  }

  /**
   * After an attach: weaves the classes loaded before the agent came and runs the load listeners of
   * those already loaded. Blocks until Byte Buddy is ready; call it off the application's threads.
   *
   * @return how many loaded classes were re-instrumented
   */
  public int retransformLoaded() {
    LoadedClasses.retransform(inst, prefilter, stats);
    return prefilter.retransformedCount();
  }

  /** Unregisters the transformers: classes woven stay woven, no class is woven any more. */
  void remove() {
    inst.removeTransformer(prefilter);
    if (jdk != null) {
      inst.removeTransformer(jdk);
    }
  }
}
