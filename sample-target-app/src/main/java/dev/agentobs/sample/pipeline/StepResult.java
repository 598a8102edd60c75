/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

/**
 * What one agent step produced, with the model and token usage of its LLM call.
 *
 * @param agent the agent that ran the step
 * @param output the step's output text
 * @param model the model used
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 */
public record StepResult(
    String agent, String output, String model, long inputTokens, long outputTokens) {}
