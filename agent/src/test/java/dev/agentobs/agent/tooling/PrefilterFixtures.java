/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.bootstrap.AgentPhase;

final class PrefilterFixtures {

  static final class Annotated {
    @AgentPhase("planning")
    void plan() {}
  }

  /** javac adds a bridge {@code apply(Object)}, with the annotation copied onto it. */
  static final class Bridged implements java.util.function.Function<String, String> {
    @AgentPhase("bridged")
    @Override
    public String apply(String value) {
      return value;
    }
  }

  private PrefilterFixtures() {}
}
