/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.SelfStats;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the distinct values of one label: the first {@code limit} values pass, later new ones
 * become {@code "other"}. The overflow is counted and reported once, never silent.
 */
final class LabelLimiter {

  static final String OVERFLOW = "other";

  private final String label;
  private final int limit;
  private final SelfStats stats;
  private final String setting;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  LabelLimiter(String label, int limit, SelfStats stats) {
    this(label, limit, stats, "metrics.endpoint.limit");
  }

  /** {@code setting}: the configuration key that raises the limit, for the overflow message. */
  LabelLimiter(String label, int limit, SelfStats stats, String setting) {
    this.label = label;
    this.limit = limit;
    this.stats = stats;
    this.setting = setting;
  }

  String limit(String value) {
    if (seen.contains(value)) {
      return value;
    }
    if (seen.size() < limit) {
      // racing threads may admit a few past the limit; the bound stays small and fixed
      seen.add(value);
      return value;
    }
    stats.labelOverflow();
    AgentLog.warnOnce(
        "label-overflow-" + label,
        "more than " + limit + " distinct '" + label + "' label values; further ones are counted"
            + " as \"" + OVERFLOW + "\" (raise " + setting + " if this is expected)");
    return OVERFLOW;
  }
}
