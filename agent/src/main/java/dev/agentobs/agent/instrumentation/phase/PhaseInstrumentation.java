/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import dev.agentobs.agent.tooling.AnnotationValueMapping;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Observes every call of a method annotated {@code @AgentPhase}. */
public final class PhaseInstrumentation implements AgentInstrumentation {

  /**
   * Matched by name so the agent never loads the annotation. Our own package is never relocated by
   * the shade plugin, so this constant survives shading unchanged.
   */
  static final String ANNOTATION = "dev.agentobs.bootstrap.AgentPhase";

  @Override
  public String name() {
    return "agent-phase";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of("L" + ANNOTATION.replace('.', '/') + ";");
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return declaresMethod(isAnnotatedWith(named(ANNOTATION)));
  }

  @Override
  public List<AdviceBinding> advice() {
    Advice.WithCustomMapping mapping =
        Advice.withCustomMapping()
            .bind(PhaseAdvice.PhaseName.class, new AnnotationValueMapping(ANNOTATION, "value"))
            .bind(PhaseAdvice.PhaseAgent.class, new AnnotationValueMapping(ANNOTATION, "agent"));
    return List.of(
        new AdviceBinding(
            isMethod().and(isAnnotatedWith(named(ANNOTATION))).and(not(isAbstract())),
            PhaseAdvice.class.getName(),
            mapping));
  }
}
