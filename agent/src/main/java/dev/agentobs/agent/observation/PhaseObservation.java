/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

/** One call of a method annotated {@code @AgentPhase}. */
public final class PhaseObservation extends Observation {

  public static final String DEFAULT_AGENT_TYPE = "default";

  private final String phase;
  private final String agentType;
  private final String declaringType;
  private final String codeFunction;
  private TokenUsage tokens;
  private volatile boolean llmCalled;

  PhaseObservation(
      TaskObservation task,
      Observation parent,
      String phase,
      String agentType,
      String declaringType,
      String codeFunction) {
    super(task, parent);
    this.phase = phase;
    this.agentType = agentType;
    this.declaringType = declaringType;
    this.codeFunction = codeFunction;
  }

  /**
   * The agent type of a phase: its own, else the nearest enclosing phase's, else {@code default}.
   */
  static String resolveAgentType(String declared, Observation parent) {
    if (declared != null && !declared.isEmpty()) {
      return declared;
    }
    for (Observation o = parent; o != null; o = o.parent()) {
      if (o instanceof PhaseObservation) {
        return ((PhaseObservation) o).agentType;
      }
    }
    return DEFAULT_AGENT_TYPE;
  }

  public String phase() {
    return phase;
  }

  public String agentType() {
    return agentType;
  }

  /** The binary name of the annotated method's class. */
  public String declaringType() {
    return declaringType;
  }

  /** The annotated method's fully qualified name, e.g. {@code com.example.Planner.plan}. */
  public String codeFunction() {
    return codeFunction;
  }

  /** Token usage the phase's return value reported, or {@code null}. */
  public TokenUsage tokens() {
    return tokens;
  }

  /**
   * Whether an observed LLM call was made within this phase or a phase nested in it: its return
   * value's tokens are then not counted again.
   */
  public boolean llmCalled() {
    return llmCalled;
  }

  void markLlmCalled() {
    llmCalled = true;
  }

  void end(Throwable thrown, TokenUsage tokens) {
    this.tokens = tokens;
    end(thrown);
  }
}
