/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.observation.AppLogRecord;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.Observer.PhaseScope;
import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TokenUsage;
import dev.agentobs.agent.telemetry.logs.LogEvent.Level;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JSON log writer: how many lines per second it renders and writes, and what an event costs
 * the app thread that logs it. In the agent's own package (the writer is package-private); the
 * classes come from the shaded agent jar, as in production.
 *
 * <ul>
 *   <li>{@code render}: one line rendered and written to a null stream by the writer's {@link
 *       JsonLineWriter}: the writer thread's ceiling, lines/s;
 *   <li>{@code throughput}: 10,000 events offered to the real {@link AsyncLogWriter} (bounded
 *       queue, background thread, 5 ms gathering) and waited for until all are written: events/s
 *       end to end, a burst at a time (an op may begin in the writer's gathering pause, which
 *       a sustained load never waits for: a full batch is followed at once by the next);
 *   <li>{@code appThread}: what the app thread does per event with the writer running to
 *       /dev/null, {@link EventLog#onPhaseEnd} for {@code phase_complete} and {@link
 *       EventLog#onAppLog} for {@code app_log} (copy into an event, queue offer): ns per event;
 *       the drops, if the writer fell behind, are printed at the end.
 * </ul>
 *
 * {@code event}: {@code phase_complete} (an agent event with ten fields) or {@code app_log} (an app
 * record with two context entries, its message searched for secrets).
 */
@State(Scope.Benchmark)
public class LogWriterBenchmark {

  private static final int BATCH = 10_000;

  @Param({"phase_complete", "app_log"})
  public String event;

  private LogEvent line;
  private AppLogRecord record;
  private JsonLineWriter renderer;
  private final OutputStream nowhere = OutputStream.nullOutputStream();
  private AsyncLogWriter writer;
  private LineCounter counted;
  private long offered;
  private EventLog eventLog;
  private PhaseObservation phase;
  private final SelfStats appThreadStats = new SelfStats();

  @Setup
  public void setUp() {
    Map<String, String> context =
        Map.of("request_id", "4bf92f3577b34da6", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736",
            "span_id", "00f067aa0ba902b7", "tenant", "acme", "user", "u-1234");
    record =
        new AppLogRecord(System.currentTimeMillis(), "INFO", "com.acme.agent.Planner",
            "plan ready: 3 steps from gpt-4o (100 input, 75 output tokens)", "http-worker-3",
            null, context, null);
    Observer unobserved = new Observer(List.of(), new SelfStats());
    PhaseScope scope = unobserved.startPhase("planning", "planner", "com.acme.agent.Planner",
        "com.acme.agent.Planner.plan");
    unobserved.endPhase(scope, null, new TokenUsage("gpt-4o", 100, 75, -1));
    phase = scope.phase();
    // the ids a traced phase has: its line takes them from the observation, as the agent's do
    phase.setTraceIds(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L);
    if (event.equals("app_log")) {
      line = new LogEvent(record.epochMillis(), Level.INFO, record.logger(), record.message(),
          "app_log", "4bf92f3577b34da6", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
          "thread", record.thread(), "", context, "", null);
    } else {
      // the agent's own phase line: its fields read from the ended phase as it is written
      line = new LogEvent(System.currentTimeMillis(), Level.INFO, "com.acme.agent.Planner",
          "Phase completed", "phase_complete", phase, EventLog.PHASE_COMPLETE);
    }
    renderer = new JsonLineWriter("bench");
    counted = new LineCounter();
    writer = new AsyncLogWriter(65_536, new JsonLineWriter("bench"), counted, new SelfStats());
    writer.start();
    eventLog =
        EventLog.start(
            AgentConfig.createForTest(
                Map.of("service.name", "bench", "log.destination", "file",
                    "log.file", "/dev/null")),
            appThreadStats);
  }

  @TearDown
  public void tearDown() {
    writer.close();
    eventLog.close();
    System.err.println(
        "LogWriterBenchmark(" + event + "): app-thread events dropped "
            + appThreadStats.logEventsDropped());
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void render() throws IOException {
    renderer.write(line, nowhere);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void throughput() {
    for (int i = 0; i < BATCH; i++) {
      writer.offer(line);
    }
    offered += BATCH;
    while (counted.lines < offered) {
      LockSupport.parkNanos(20_000);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public void appThread() {
    if (event.equals("phase_complete")) {
      eventLog.onPhaseEnd(phase);
    } else {
      eventLog.onAppLog(record);
    }
  }

  /** Counts the newlines written, i.e. the lines. */
  private static final class LineCounter extends OutputStream {
    volatile long lines;

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      long n = 0;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          n++;
        }
      }
      lines += n;
    }
  }
}
