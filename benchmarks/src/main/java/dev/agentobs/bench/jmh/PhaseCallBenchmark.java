/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.jmh;

import com.sun.net.httpserver.Filter;
import dev.agentobs.bench.BenchPhases;
import dev.agentobs.bench.WorkHandler;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@code @AgentPhase} calls as the agent sees them. Without {@code -javaagent} this measures the
 * bare calls; run-jmh.sh repeats it with the agent, all signals on and each one off.
 *
 * <ul>
 *   <li>{@link #phaseOutsideRequest}: one phase with no request in progress (the agent starts a
 *       root task for it);
 *   <li>{@link #nestedPhases}: an outer phase around two inner ones, no request;
 *   <li>{@link #simulatedRequest}: the bench service's {@code /work} handler, reached through the
 *       JDK's {@link Filter.Chain} (where the server enters the app) with an in-memory exchange:
 *       one request task and its five phases, with no socket or server thread.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PhaseCallBenchmark {

  private final LocalPhases phases = new LocalPhases();
  private final WorkHandler handler = new WorkHandler(new BenchPhases());
  private final SimulatedExchange exchange = new SimulatedExchange(handler);
  private long seed;

  @Benchmark
  public Object phaseOutsideRequest() {
    return phases.single(seed++);
  }

  @Benchmark
  public long nestedPhases() {
    return phases.outer(seed++);
  }

  @Benchmark
  public int simulatedRequest() throws IOException {
    exchange.reset();
    // a new chain per exchange, as the server makes one (its iterator walks the filters once)
    new Filter.Chain(List.of(), handler).doFilter(exchange);
    return exchange.getResponseCode();
  }
}
