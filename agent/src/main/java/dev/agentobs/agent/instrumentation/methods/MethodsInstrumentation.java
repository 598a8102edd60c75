/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.methods;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.agentobs.agent.config.PhaseMethods;
import dev.agentobs.agent.instrumentation.phase.PhaseAdvice;
import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Observes the methods named in {@code phases.include} as phases, for code nobody can annotate
 * (a vendor's library, a framework's classes). It inlines the very advice {@code @AgentPhase}
 * gets, with the phase name and agent type from the configuration compiled in as constants, so
 * such a method yields exactly the spans, metrics and log lines an annotated one would.
 *
 * <p>Classes are picked out by name before their bytes are read (the pre-filter), in whatever class
 * loader defines them. Constructors and compiler-made (synthetic, bridge) methods are never
 * matched, nor methods without a body; a method annotated {@code @AgentPhase} is left to its
 * annotation while that instrumentation is on, so it is never observed twice.
 */
public final class MethodsInstrumentation implements AgentInstrumentation {

  private static final String PHASE_ANNOTATION = "dev.agentobs.bootstrap.AgentPhase";

  private final PhaseMethods included;
  private final boolean annotationsObserved;

  /**
   * @param annotationsObserved whether the {@code agent-phase} instrumentation is on
   */
  public MethodsInstrumentation(PhaseMethods included, boolean annotationsObserved) {
    this.included = included;
    this.annotationsObserved = annotationsObserved;
  }

  @Override
  public String name() {
    return "methods";
  }

  @Override
  public String description() {
    return "methods named in phases.include, one phase per call";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of();
  }

  @Override
  public Set<String> classNames() {
    Set<String> internalNames = new LinkedHashSet<>();
    for (String name : included.classNames()) {
      internalNames.add(name.replace('.', '/'));
    }
    return internalNames;
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return namedOneOf(included.classNames().toArray(new String[0]));
  }

  @Override
  public List<AdviceBinding> advice() {
    ElementMatcher.Junction<MethodDescription> methods =
        isMethod()
            .and(not(isAbstract()))
            .and(not(isNative()))
            .and(not(isSynthetic()))
            .and(new IncludedMethodMatcher(included));
    if (annotationsObserved) {
      methods = methods.and(not(isAnnotatedWith(named(PHASE_ANNOTATION))));
    }
    Advice.WithCustomMapping mapping =
        Advice.withCustomMapping()
            .bind(PhaseAdvice.PhaseName.class, IncludedPhaseValue.phaseName(included))
            .bind(PhaseAdvice.PhaseAgent.class, IncludedPhaseValue.agentType(included));
    return List.of(new AdviceBinding(methods, PhaseAdvice.class.getName(), mapping));
  }
}
