/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import java.util.List;

/**
 * The planner's output: the steps to run, plus the model and token usage of the planning call.
 *
 * @param steps the steps, in execution order
 * @param model the model that planned
 * @param inputTokens prompt tokens of the planning call
 * @param outputTokens completion tokens of the planning call
 */
public record Plan(List<Step> steps, String model, long inputTokens, long outputTokens) {

  /** Copies the steps. */
  public Plan {
    steps = List.copyOf(steps);
  }

  /**
   * One step of a plan.
   *
   * @param agent the agent that runs it
   * @param description what it should do
   */
  public record Step(String agent, String description) {}
}
