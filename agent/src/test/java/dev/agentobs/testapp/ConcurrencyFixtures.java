/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.testapp;

import dev.agentobs.bootstrap.AgentPhase;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.MDC;

/** Phases that fan work out to other threads, as an agent's steps would. */
public final class ConcurrencyFixtures {

  /** A request-like phase whose body hands work to other threads, and the phase that work runs. */
  public static final class Fanout {

    @AgentPhase(value = "outer", agent = "orchestrator")
    public <T> T within(Supplier<T> body) {
      return body.get();
    }

    /** Returns what the app's MDC says on the thread it runs on. */
    @AgentPhase("inner")
    public String inner(String label) {
      return label + ":" + MDC.get("request_id");
    }

    @AgentPhase(value = "async-step", agent = "research")
    public CompletableFuture<Map<String, Object>> async(CompletableFuture<Map<String, Object>> f) {
      return f;
    }
  }

  private ConcurrencyFixtures() {}
}
