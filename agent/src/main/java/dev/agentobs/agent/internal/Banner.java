/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.internal;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.List;

/**
 * The one line the agent prints when it starts: what it will do and where the telemetry goes, so an
 * operator can trust it at a glance. Problems get lines of their own, after it.
 */
public final class Banner {

  /** e.g. {@code agent-obs 0.1.0 started: service s, metrics http://…, traces off, …}. */
  public static String text(AgentConfig config, List<AgentInstrumentation> active) {
    return AgentVersion.get() + " started: " + summary(config, active);
  }

  /** What the banner says after "started:". */
  public static String summary(AgentConfig config, List<AgentInstrumentation> active) {
    return "service " + config.serviceName()
        + ", metrics " + Signals.describeMetrics(config)
        + ", traces " + Signals.describeTraces(config)
        + ", logs " + Signals.describeLogs(config)
        + ", " + active.size() + " instrumentations" + names(active);
  }

  private static String names(List<AgentInstrumentation> active) {
    if (active.isEmpty()) {
      return "";
    }
    StringBuilder names = new StringBuilder(" (");
    for (AgentInstrumentation instrumentation : active) {
      names.append(names.length() > 2 ? ", " : "").append(instrumentation.name());
    }
    return names.append(')').toString();
  }

  private Banner() {}
}
