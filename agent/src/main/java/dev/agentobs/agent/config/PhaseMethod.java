/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.config;

import java.util.regex.Pattern;

/**
 * One {@code phases.include} entry: the methods of one class observed as a phase, e.g. {@code
 * com.acme.Steps#research*=execution:research}. The class is named exactly (binary name, {@code $}
 * for nested classes) so the agent can pick it out by name before reading any class bytes; the
 * method may use {@code *} wildcards.
 */
public final class PhaseMethod {

  private final String className;
  private final String methodPattern;
  private final Pattern methodRegex;
  private final String phase;
  private final String agentType;

  PhaseMethod(String className, String methodPattern, String phase, String agentType) {
    this.className = className;
    this.methodPattern = methodPattern;
    this.methodRegex = Pattern.compile(Pattern.quote(methodPattern).replace("*", "\\E.*\\Q"));
    this.phase = phase;
    this.agentType = agentType;
  }

  /** The class's binary name, e.g. {@code com.acme.Planner} or {@code com.acme.Outer$Inner}. */
  public String className() {
    return className;
  }

  public boolean matches(String declaringClass, String methodName) {
    return className.equals(declaringClass) && methodRegex.matcher(methodName).matches();
  }

  /** The phase a matched method reports: the configured one, else the method's own name. */
  public String phaseOf(String methodName) {
    return phase.isEmpty() ? methodName : phase;
  }

  /** The agent type, or empty to inherit it from the enclosing phase, as {@code @AgentPhase} does. */
  public String agentType() {
    return agentType;
  }

  /** The entry as it would be written in {@code phases.include}. */
  @Override
  public String toString() {
    return className
        + "#"
        + methodPattern
        + (phase.isEmpty() ? "" : "=" + phase)
        + (agentType.isEmpty() ? "" : ":" + agentType);
  }
}
