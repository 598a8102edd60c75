/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import dev.agentobs.bootstrap.AgentHooks;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into phase methods: one hook call each way, nothing else. Each instrumentation that
 * feeds phases binds {@link PhaseName} and {@link PhaseAgent} its own way: {@code agent-phase} from
 * the {@code @AgentPhase} annotation, {@code methods} from {@code phases.include}.
 */
public final class PhaseAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(
      @PhaseName String phase,
      @PhaseAgent String agent,
      @Advice.Origin("#t") String declaringType,
      @Advice.Origin("#t.#m") String codeFunction) {
    // both names are constants in the woven code: nothing is concatenated per call
    return AgentHooks.phaseEnter(phase, agent, declaringType, codeFunction);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(
      @Advice.Enter Object agentObsScope,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    AgentHooks.phaseExit(agentObsScope, returned, thrown);
  }

  /** Bound to the phase name, as a constant. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  public @interface PhaseName {}

  /** Bound to the agent type (empty: inherited), as a constant. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  public @interface PhaseAgent {}

  private PhaseAdvice() {}
}
