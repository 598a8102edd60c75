/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

/**
 * The final answer, with the model and token usage of the synthesis call.
 *
 * @param result the answer text
 * @param model the model used
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 */
public record Synthesis(String result, String model, long inputTokens, long outputTokens) {}
