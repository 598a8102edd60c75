/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.jmh;

import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.telemetry.logs.EventLog;
import dev.agentobs.agent.telemetry.metrics.AgentMetrics;
import java.lang.reflect.Constructor;

/** The agent's metrics and log signals, built from its public classes as its starter does. */
final class AgentSignals {

  /**
   * {@code new AgentMetrics(new PrometheusRegistry(), stats, 100)}. The registry type is the
   * agent's relocated {@code dev.agentobs.shaded.io.prometheus...PrometheusRegistry}, but a plain
   * {@code mvn compile} from the root hands this module the agent's unshaded classes, where it is
   * {@code io.prometheus...}. Taking the type from the constructor compiles against both.
   */
  static ObservationListener metrics(SelfStats stats) {
    try {
      for (Constructor<?> constructor : AgentMetrics.class.getConstructors()) {
        Class<?>[] types = constructor.getParameterTypes();
        if (types.length == 3 && types[1] == SelfStats.class && types[2] == int.class) {
          Object registry = types[0].getConstructor().newInstance();
          return (ObservationListener) constructor.newInstance(registry, stats, 100);
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build AgentMetrics", e);
    }
    throw new IllegalStateException("no AgentMetrics(registry, SelfStats, int) constructor");
  }

  /**
   * The log signal writing to this process's stdout file descriptor, as the agent's default does:
   * run-jmh.sh forks the benchmark JVM with stdout sent to /dev/null ({@code -jvm
   * benchmarks/java-stdout-to-null.sh}), so the writer thread formats and writes every line.
   */
  static EventLog logs(SelfStats stats) {
    return EventLog.start("bench", "info", "stdout", 8192, stats);
  }

  private AgentSignals() {}
}
