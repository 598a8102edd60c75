/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.cache;

import dev.agentobs.bootstrap.AgentHooks;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code @AgentCache} methods; only the exit matters. */
public final class CacheAdvice {

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(
      @CacheName String cache,
      @Advice.Origin("#t") String declaringType,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    AgentHooks.cacheLookupExit(cache, declaringType, returned, thrown);
  }

  /** Bound to the annotation's {@code value}, as a constant. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface CacheName {}

  private CacheAdvice() {}
}
