/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

/**
 * The LLM calls of a task or phase, summed: what its {@code task_complete} or {@code
 * phase_complete} line reports. Calls end on any thread (a streamed response completes on the
 * client's), hence the lock; it is taken once per call, never per token.
 */
public final class LlmTotals {

  private static final String MIXED = "";

  private String model;
  private long calls;
  private long inputTokens;
  private long outputTokens;
  private long cacheReadTokens;
  private long cacheCreationTokens;
  private long costPicoUsd;
  private long unpricedCalls;

  synchronized void add(LlmCallObservation call) {
    String m = call.model();
    model = model == null || model.equals(m) ? m : MIXED;
    calls++;
    inputTokens += Math.max(call.inputTokens(), 0);
    outputTokens += Math.max(call.outputTokens(), 0);
    cacheReadTokens += Math.max(call.cacheReadTokens(), 0);
    cacheCreationTokens += Math.max(call.cacheCreationTokens(), 0);
    LlmCost cost = call.cost();
    if (cost.priced()) {
      costPicoUsd += cost.picoUsd();
    } else if (call.hasUsage()) {
      unpricedCalls++;
    }
  }

  /** The model of the calls when they all used one, else {@code null}. */
  public synchronized String model() {
    return model == null || model.equals(MIXED) ? null : model;
  }

  public synchronized long calls() {
    return calls;
  }

  public synchronized long inputTokens() {
    return inputTokens;
  }

  public synchronized long outputTokens() {
    return outputTokens;
  }

  public synchronized long cacheReadTokens() {
    return cacheReadTokens;
  }

  public synchronized long cacheCreationTokens() {
    return cacheCreationTokens;
  }

  /** Input plus output tokens. */
  public synchronized long totalTokens() {
    return inputTokens + outputTokens;
  }

  public synchronized long costPicoUsd() {
    return costPicoUsd;
  }

  /** Calls with usage whose model has no price: their cost is not in {@link #costPicoUsd()}. */
  public synchronized long unpricedCalls() {
    return unpricedCalls;
  }
}
