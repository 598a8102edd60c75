/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.jmh;

import dev.agentobs.bench.PhaseResult;
import dev.agentobs.bootstrap.AgentPhase;

/** The benchmarks' own {@code @AgentPhase} methods: no work of their own, so the agent is all. */
public class LocalPhases {

  private static final PhaseResult RESULT = new PhaseResult("gpt-4o-mini", 120, 40, 0);

  @AgentPhase(value = "analysis", agent = "analyst")
  public PhaseResult single(long seed) {
    return RESULT;
  }

  /** An outer phase with two phases nested inside it. */
  @AgentPhase(value = "planning", agent = "planner")
  public long outer(long seed) {
    return inner(seed).inputTokens() + innerWithInheritedAgent(seed).outputTokens();
  }

  @AgentPhase(value = "research", agent = "researcher")
  public PhaseResult inner(long seed) {
    return RESULT;
  }

  @AgentPhase("writer")
  public PhaseResult innerWithInheritedAgent(long seed) {
    return RESULT;
  }
}
