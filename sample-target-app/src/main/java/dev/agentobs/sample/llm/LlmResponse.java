/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.llm;

/**
 * What the (simulated) provider answered, with the token usage it reported.
 *
 * @param text the completion text
 * @param model the model that answered
 * @param inputTokens prompt tokens, as reported by the provider
 * @param outputTokens completion tokens, as reported by the provider
 */
public record LlmResponse(String text, String model, long inputTokens, long outputTokens) {}
