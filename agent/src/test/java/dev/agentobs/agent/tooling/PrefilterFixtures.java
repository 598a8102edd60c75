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

  private PrefilterFixtures() {}
}
