/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.jmh;

import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.RequestIds;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.observation.TokenUsage;
import dev.agentobs.agent.telemetry.logs.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The cost of a log event and a metric update on the app thread: the agent's {@link Observer}
 * starting and ending one phase (with token usage) with only the metrics signal, only the log
 * signal, or both, driven directly without {@code -javaagent} and without tracing. A phase
 * logs one event ({@code phase_complete}; {@code phase_start} is a debug event) and updates a
 * histogram and two token counters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObserverBenchmark {

  private static final TokenUsage TOKENS = new TokenUsage("gpt-4o-mini", 120, 40, -1);
  private static final String TYPE = "dev.agentobs.bench.jmh.LocalPhases";

  @Param({"none", "metrics", "logs", "both"})
  public String signals;

  private final SelfStats stats = new SelfStats();
  private Observer observer;
  private EventLog eventLog;
  private TaskObservation request;
  private long phases;

  @Setup(Level.Trial)
  public void startSignals() {
    List<ObservationListener> listeners = new ArrayList<>();
    if (signals.equals("metrics") || signals.equals("both")) {
      listeners.add(AgentSignals.metrics(stats));
    }
    if (signals.equals("logs") || signals.equals("both")) {
      eventLog = AgentSignals.logs(stats);
      listeners.add(eventLog);
    }
    observer = new Observer(listeners, stats);
  }

  /** For {@link #phaseInRequest}, one request stays open on this thread for the iteration. */
  @Setup(Level.Iteration)
  public void startRequest(BenchmarkParams params) {
    if (params.getBenchmark().endsWith(".phaseInRequest")) {
      request =
          observer.startTask(
              TaskObservation.httpServer(
                  RequestIds.generate(), "POST", "/work", "/work", null, null, this));
    }
  }

  @TearDown(Level.Iteration)
  public void endRequest() {
    if (request != null) {
      observer.endTask(request, 200, null);
      request = null;
    }
  }

  @TearDown(Level.Trial)
  public void stopSignals(BenchmarkParams params) {
    if (eventLog != null) {
      eventLog.close();
    }
    String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    System.out.printf(
        "%n[%s, signals=%s] phases observed: %d, log events dropped: %d, internal errors: %d%n",
        benchmark, signals, phases, stats.logEventsDropped(), stats.internalErrors());
  }

  @Benchmark
  public Object phaseInRequest() {
    phases++;
    Observer.PhaseScope scope = observer.startPhase("analysis", "analyst", TYPE, "single");
    observer.endPhase(scope, null, TOKENS);
    return scope;
  }

  /** Outside a request the phase starts and ends a root task of its own, with its own events. */
  @Benchmark
  public Object phaseOutsideRequest() {
    phases++;
    Observer.PhaseScope scope = observer.startPhase("analysis", "analyst", TYPE, "single");
    observer.endPhase(scope, null, TOKENS);
    return scope;
  }
}
