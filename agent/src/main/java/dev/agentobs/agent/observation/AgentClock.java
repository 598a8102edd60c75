/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

/**
 * Converts {@link System#nanoTime()} readings to epoch nanoseconds against one anchor taken at
 * start-up, so durations stay monotonic and every signal reports the same start and end instants.
 */
public final class AgentClock {

  private static final long ANCHOR_EPOCH_NANOS = System.currentTimeMillis() * 1_000_000L;
  private static final long ANCHOR_NANO_TIME = System.nanoTime();

  public static long toEpochNanos(long nanoTime) {
    return ANCHOR_EPOCH_NANOS + (nanoTime - ANCHOR_NANO_TIME);
  }

  private AgentClock() {}
}
