/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import dev.agentobs.bootstrap.AgentPhase;
import dev.agentobs.sample.llm.LlmResponse;
import dev.agentobs.sample.llm.SimulatedLlm;

/** Analyses the research findings. */
public final class AnalysisAgent {

  private final SimulatedLlm llm;

  /**
   * Creates the agent.
   *
   * @param llm the model client
   */
  public AnalysisAgent(SimulatedLlm llm) {
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
            SimulatedLlm.SMALL_MODEL,
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
