/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import dev.agentobs.bootstrap.AgentPhase;
import dev.agentobs.sample.llm.LlmClient;
import dev.agentobs.sample.llm.LlmResponse;
import dev.agentobs.sample.llm.StubLlmServer;

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
   * @param step the planned step, analysed while the research step runs beside it
   * @param simulation {@link Simulation#ERROR} makes this step fail (through a refused LLM call
   *     when the LLM is the stub)
   * @return the analysis
   * @throws AgentStepException on a simulated error
   */
  @AgentPhase(value = "execution", agent = "analysis")
  public StepResult run(Plan.Step step, Simulation simulation) {
    if (simulation == Simulation.ERROR) {
      // a prompt the stub LLM refuses (400 context_length_exceeded): the step fails the way it
      // would on a real provider's error; a real provider never sees this prompt
      if (llm.isStub()) {
        try {
          llm.complete(LlmClient.SMALL_MODEL, "You are an analysis agent.\n"
              + StubLlmServer.CONTEXT_OVERFLOW + "\n" + step.description());
        } catch (RuntimeException e) {
          throw new AgentStepException(step.agent(), "simulated error", e);
        }
      }
      throw new AgentStepException(step.agent(), "simulated error");
    }
    LlmResponse response =
        llm.complete(
            LlmClient.SMALL_MODEL,
            "You are an analysis agent.\n" + step.description());
    return new StepResult(
        step.agent(),
        response.text(),
        response.model(),
        response.inputTokens(),
        response.outputTokens());
  }
}
