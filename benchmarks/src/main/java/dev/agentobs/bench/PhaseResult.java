/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench;

/**
 * What a phase returns: the token usage an LLM provider would report (read by the agent's
 * return-value convention) and a checksum of the phase's work, so the JIT cannot drop it.
 */
public record PhaseResult(String model, long inputTokens, long outputTokens, long checksum) {}
