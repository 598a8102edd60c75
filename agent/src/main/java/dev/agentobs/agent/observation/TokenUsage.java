/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

/**
 * Tokens as the application (or its provider) reported them; never estimated. A count the source
 * did not report is {@code -1}.
 */
public final class TokenUsage {

  static final String UNKNOWN_MODEL = "unknown";

  private final String model;
  private final long inputTokens;
  private final long outputTokens;
  private final long totalTokens;

  public TokenUsage(String model, long inputTokens, long outputTokens, long totalTokens) {
    this.model = model == null || model.isBlank() ? UNKNOWN_MODEL : model;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.totalTokens = totalTokens;
  }

  public String model() {
    return model;
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  /** Whether input and output were reported separately (else only a total is known). */
  public boolean hasSplit() {
    return inputTokens >= 0 || outputTokens >= 0;
  }

  /** Input plus output where reported separately, else the reported total. */
  public long total() {
    if (hasSplit()) {
      return Math.max(inputTokens, 0) + Math.max(outputTokens, 0);
    }
    return Math.max(totalTokens, 0);
  }

  @Override
  public String toString() {
    return "TokenUsage[" + model + " in=" + inputTokens + " out=" + outputTokens
        + " total=" + totalTokens + "]";
  }
}
