/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.bootstrap.AgentCache;
import dev.agentobs.bootstrap.AgentPhase;

/**
 * Never loaded: {@link WeaverWarmup} weaves its class file once, and throws the result
 * away, so that the first class an application loads is not the one that pays for loading and
 * compiling the weaving code.
 */
final class WarmupTarget {

  @AgentPhase("warm-up")
  Object phase(String input) {
    return input;
  }

  @AgentCache("warm-up")
  Object lookup(String key) {
    return key;
  }

  private WarmupTarget() {}
}
