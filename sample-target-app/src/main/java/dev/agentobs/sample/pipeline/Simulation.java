/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import java.util.Locale;

/** A failure mode a client can ask for, to exercise error and latency paths on demand. */
public enum Simulation {
  /** A normal run. */
  NONE,
  /** The analysis step throws {@link AgentStepException}. */
  ERROR,
  /** The research step takes an extra {@value ResearchAgent#SLOW_EXTRA_MILLIS} ms. */
  SLOW;

  /**
   * Parses the request's {@code simulate} field.
   *
   * @param value {@code null}, {@code "error"} or {@code "slow"}
   * @return the simulation
   * @throws IllegalArgumentException for any other value
   */
  public static Simulation parse(String value) {
    if (value == null) {
      return NONE;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "error":
        return ERROR;
      case "slow":
        return SLOW;
      default:
        throw new IllegalArgumentException(
            "simulate must be \"error\" or \"slow\", got \"" + value + "\"");
    }
  }
}
