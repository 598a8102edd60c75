/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.cache;

import java.util.List;

/**
 * A completed task, as cached and as answered.
 *
 * @param task the task text
 * @param plan the plan's step descriptions
 * @param result the final answer
 * @param tokensUsed input + output tokens over all phases of the run that produced it
 */
public record TaskResult(String task, List<String> plan, String result, long tokensUsed) {

  /** Copies the plan. */
  public TaskResult {
    plan = List.copyOf(plan);
  }
}
