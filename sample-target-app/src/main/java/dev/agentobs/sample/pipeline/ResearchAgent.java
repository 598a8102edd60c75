/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import dev.agentobs.bootstrap.AgentPhase;
import dev.agentobs.sample.llm.LlmResponse;
import dev.agentobs.sample.llm.LlmClient;

/** Gathers background material for a step. */
public final class ResearchAgent {

  /** Extra latency of a {@link Simulation#SLOW} run. */
  public static final long SLOW_EXTRA_MILLIS = 1500;

  private final LlmClient llm;

  /**
   * Creates the agent.
   *
   * @param llm the model client
   */
  public ResearchAgent(LlmClient llm) {
    this.llm = llm;
  }

  /**
   * Runs the research step.
   *
   * @param step the planned step
   * @param simulation {@link Simulation#SLOW} adds {@value #SLOW_EXTRA_MILLIS} ms
   * @return the findings
   */
  @AgentPhase(value = "execution", agent = "research")
  public StepResult run(Plan.Step step, Simulation simulation) {
    if (simulation == Simulation.SLOW) {
      sleep(SLOW_EXTRA_MILLIS);
    }
    LlmResponse response =
        llm.complete(LlmClient.SMALL_MODEL, "You are a research agent.\n" + step.description());
    return new StepResult(
        step.agent(),
        response.text(),
        response.model(),
        response.inputTokens(),
        response.outputTokens());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
