/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import dev.agentobs.bootstrap.AgentPhase;
import dev.agentobs.sample.llm.LlmResponse;
import dev.agentobs.sample.llm.LlmClient;
import java.util.List;

/** Combines the step results into the final answer. */
public final class Synthesizer {

  private final LlmClient llm;

  /**
   * Creates the synthesizer.
   *
   * @param llm the model client
   */
  public Synthesizer(LlmClient llm) {
    this.llm = llm;
  }

  /**
   * Writes the final answer.
   *
   * @param task the user's task
   * @param steps the results of all steps, in order
   * @return the answer
   */
  @AgentPhase(value = "synthesis", agent = "synthesizer")
  public Synthesis synthesize(String task, List<StepResult> steps) {
    StringBuilder prompt = new StringBuilder("You are a synthesis agent. Combine the results.\n");
    for (StepResult step : steps) {
      prompt.append(step.agent()).append(": ").append(step.output()).append('\n');
    }
    prompt.append("Task: ").append(task);
    LlmResponse response = llm.complete(LlmClient.LARGE_MODEL, prompt.toString());
    return new Synthesis(
        response.text(), response.model(), response.inputTokens(), response.outputTokens());
  }
}
