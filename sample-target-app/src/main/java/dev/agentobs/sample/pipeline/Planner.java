/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import dev.agentobs.bootstrap.AgentPhase;
import dev.agentobs.sample.llm.LlmResponse;
import dev.agentobs.sample.llm.LlmClient;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Breaks a task into a research, an analysis and a writing step. */
public final class Planner {

  private static final Logger LOGGER = LoggerFactory.getLogger(Planner.class);

  private final LlmClient llm;

  /**
   * Creates the planner.
   *
   * @param llm the model client
   */
  public Planner(LlmClient llm) {
    this.llm = llm;
  }

  /**
   * Plans a task.
   *
   * @param task the user's task
   * @return a three-step plan
   */
  @AgentPhase(value = "planning", agent = "planner")
  public Plan plan(String task) {
    LlmResponse response =
        llm.complete(
            LlmClient.LARGE_MODEL,
            "You are a planning agent. Split the task into research, analysis and writing.\n"
                + "Task: "
                + task);
    List<Plan.Step> steps =
        List.of(
            new Plan.Step("research", "Research background and sources for: " + task),
            new Plan.Step("analysis", "Analyse the research findings for: " + task),
            new Plan.Step("writer", "Write a clear answer for: " + task));
    LOGGER.info(
        "plan ready: {} steps from {} ({} input, {} output tokens)",
        steps.size(),
        response.model(),
        response.inputTokens(),
        response.outputTokens());
    return new Plan(steps, response.model(), response.inputTokens(), response.outputTokens());
  }
}
