/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.bootstrap.AgentPhase;
import java.io.InputStream;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Byte Buddy's first advice and first weave load and interpret some hundreds of classes: a few
 * hundred milliseconds that an application class would otherwise wait for. Started first thing in
 * premain, before the configuration is even read, this thread weaves {@link WarmupTarget} with a
 * trivial advice and throws the result away, so the real preparation and the first real weave
 * find all of it loaded. Needs no configuration; a failure only means no warm-up.
 */
public final class WeaverWarmup {

  /** Starts the warm-up on a daemon thread and returns at once. */
  public static void start() {
    Thread thread = new Thread(WeaverWarmup::run, "agent-obs-weaver-warmup");
    thread.setDaemon(true);
    thread.start();
  }

  private static void run() {
    long start = System.nanoTime();
    ClassLoader loader = WeaverWarmup.class.getClassLoader();
    String name = WarmupTarget.class.getName();
    try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        return;
      }
      byte[] bytes = in.readAllBytes();
      ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(loader);
      TypePool pool =
          TypePool.Default.WithLazyResolution.of(
              new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes), agentClasses));
      Advice advice =
          Advice.to(pool.describe(WarmupAdvice.class.getName()).resolve(), agentClasses)
              .withExceptionHandler(AdviceSupport.COUNTING_HANDLER);
      AdviceTransformer.weave(
          pool.describe(name).resolve(),
          pool,
          bytes,
          advice.on(AnnotatedMethods.methods(AgentPhase.class.getName())));
      AgentLog.debugTook("weaver warmed up", start);
    } catch (Throwable t) {
      AgentLog.debug("weaver warm-up failed: " + t);
    }
  }

  /** Advice of the same shape as the real ones; only ever woven into discarded bytes. */
  static final class WarmupAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@Advice.Origin("#t.#m") String method) {
      return method.length();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(
        @Advice.Enter long entered,
        @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC)
            Object returned,
        @Advice.Thrown Throwable thrown) {
      // nothing: the advice is never run
    }

    private WarmupAdvice() {}
  }

  private WeaverWarmup() {}
}
