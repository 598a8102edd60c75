/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.testapp;

import java.util.Map;

/**
 * {@link Fixtures.Pipeline} without a single annotation, as vendor code would be: the tests name
 * its methods in {@code phases.include} instead.
 */
public final class PlainFixtures {

  public static final class PlainPipeline {
    public Fixtures.Reply plan(String task) {
      return new Fixtures.Reply("plan for " + task, "gpt-4o", 11, 22);
    }

    public Map<String, Object> executeInherited() {
      return Map.of("tokens_used", 5, "model", "claude-haiku-4-5");
    }

    public Map<String, Object> outer() {
      return executeInherited();
    }

    public void fail() throws Fixtures.StepFailed {
      throw new Fixtures.StepFailed("boom", new IllegalStateException("root cause"));
    }

    /** Not named in the configuration: never observed. */
    public String helper() {
      return "helped";
    }
  }

  /** Loaded before the agent is installed, as an app's classes are when the agent attaches. */
  public static final class LoadedEarly {
    public String work() {
      return "early";
    }
  }

  private PlainFixtures() {}
}
