/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

/** One call of a method annotated {@code @AgentCache}: a hit or a miss, inside some observation. */
public final class CacheLookup {

  private final String cache;
  private final boolean hit;
  private final Observation within;

  CacheLookup(String cache, boolean hit, Observation within) {
    this.cache = cache;
    this.hit = hit;
    this.within = within;
  }

  public String cache() {
    return cache;
  }

  public boolean hit() {
    return hit;
  }

  /** The observation in progress on the calling thread, or {@code null}. */
  public Observation within() {
    return within;
  }
}
