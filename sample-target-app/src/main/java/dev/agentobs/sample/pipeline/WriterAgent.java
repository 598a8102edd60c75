/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import dev.agentobs.bootstrap.AgentPhase;
import dev.agentobs.sample.llm.LlmResponse;
import dev.agentobs.sample.llm.LlmClient;

/** Drafts the answer from the analysis. */
public final class WriterAgent {

  private final LlmClient llm;

  /**
   * Creates the agent.
   *
   * @param llm the model client
   */
  public WriterAgent(LlmClient llm) {
    this.llm = llm;
  }

  /**
   * Runs the writing step.
   *
   * @param step the planned step
   * @param research the research step's result
   * @param analysis the analysis step's result
   * @return the draft
   */
  @AgentPhase(value = "execution", agent = "writer")
  public StepResult run(Plan.Step step, StepResult research, StepResult analysis) {
    LlmResponse response =
        llm.complete(
            LlmClient.SMALL_MODEL,
            "You are a writing agent.\nFindings: "
                + research.output()
                + "\nAnalysis: "
                + analysis.output()
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
