/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import dev.agentobs.bootstrap.AgentPhase;
import dev.agentobs.sample.llm.LlmResponse;
import dev.agentobs.sample.llm.LlmClient;

/** Analyses the research findings. */
public final class AnalysisAgent {

  private final LlmClient llm;

  /**
   * Creates the agent.
   *
   * @param llm the model client
   */
  public AnalysisAgent(LlmClient llm) {
    this.llm = llm;
  }

  /**
   * Runs the analysis step.
   *
   * @param step the planned step
   * @param research the research step's result
   * @param simulation {@link Simulation#ERROR} makes this step fail
   * @return the analysis
   * @throws AgentStepException on a simulated error
   */
  @AgentPhase(value = "execution", agent = "analysis")
  public StepResult run(Plan.Step step, StepResult research, Simulation simulation) {
    if (simulation == Simulation.ERROR) {
      throw new AgentStepException(step.agent(), "simulated error");
    }
    LlmResponse response =
        llm.complete(
            LlmClient.SMALL_MODEL,
            "You are an analysis agent.\nFindings: "
                + research.output()
                + "\n"
                + step.description());
    return new StepResult(
        step.agent(),
        response.text(),
        response.model(),
        response.inputTokens(),
        response.outputTokens());
  }
}
