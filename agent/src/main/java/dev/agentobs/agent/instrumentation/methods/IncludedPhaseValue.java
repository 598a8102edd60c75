/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.methods;

import dev.agentobs.agent.config.PhaseMethod;
import dev.agentobs.agent.config.PhaseMethods;
import java.util.function.BiFunction;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Binds an advice parameter to the phase name or agent type that {@code phases.include} gives the
 * instrumented method, compiled in as a constant: the woven code does no lookup at run time.
 */
final class IncludedPhaseValue implements Advice.OffsetMapping {

  private final PhaseMethods included;
  private final BiFunction<PhaseMethod, String, String> value;

  private IncludedPhaseValue(
      PhaseMethods included, BiFunction<PhaseMethod, String, String> value) {
    this.included = included;
    this.value = value;
  }

  static IncludedPhaseValue phaseName(PhaseMethods included) {
    return new IncludedPhaseValue(included, PhaseMethod::phaseOf);
  }

  static IncludedPhaseValue agentType(PhaseMethods included) {
    return new IncludedPhaseValue(included, (entry, method) -> entry.agentType());
  }

  @Override
  public Target resolve(
      TypeDescription instrumentedType,
      MethodDescription instrumentedMethod,
      Assigner assigner,
      Advice.ArgumentHandler argumentHandler,
      Sort sort) {
    String method = instrumentedMethod.getInternalName();
    PhaseMethod entry = included.find(instrumentedType.getName(), method);
    // the matcher admitted only included methods; "" is a safe constant should that ever differ
    return Target.ForStackManipulation.of(entry == null ? "" : value.apply(entry, method));
  }
}
