/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import dev.agentobs.agent.tooling.AnnotatedMethods;
import dev.agentobs.agent.tooling.AnnotationValueMapping;
import dev.agentobs.agent.tooling.ClassWeaver;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Observes every call of a method annotated {@code @AgentPhase}. */
public final class PhaseInstrumentation implements AgentInstrumentation {

  static final String ANNOTATION = "dev.agentobs.bootstrap.AgentPhase";

  @Override
  public String name() {
    return "agent-phase";
  }

  @Override
  public String description() {
    return "methods annotated @AgentPhase, one phase per call";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of(AnnotatedMethods.marker(ANNOTATION));
  }

  /** Woven without Byte Buddy: see {@link PhaseWeaver}. */
  @Override
  public ClassWeaver classWeaver() {
    return new PhaseWeaver();
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return AnnotatedMethods.declaringTypes(ANNOTATION);
  }

  @Override
  public List<AdviceBinding> advice() {
    Advice.WithCustomMapping mapping =
        Advice.withCustomMapping()
            .bind(PhaseAdvice.PhaseName.class, new AnnotationValueMapping(ANNOTATION, "value"))
            .bind(PhaseAdvice.PhaseAgent.class, new AnnotationValueMapping(ANNOTATION, "agent"));
    return List.of(
        new AdviceBinding(
            AnnotatedMethods.methods(ANNOTATION), PhaseAdvice.class.getName(), mapping));
  }
}
