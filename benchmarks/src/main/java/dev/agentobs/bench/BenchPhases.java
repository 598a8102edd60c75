/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench;

import dev.agentobs.bootstrap.AgentPhase;

/**
 * The five phases of one bench request. Each does the same fixed CPU job, FNV-1a hashing over a
 * buffer: by default 512 bytes, about a microsecond, so that the service's own cost is tiny and
 * stable and an agent's overhead stands out; a larger buffer gives a service whose own work per
 * request is nearer a real one's.
 */
public final class BenchPhases {

  /** The methods, for {@code otel.instrumentation.methods.include} and Elastic's trace_methods. */
  public static final String METHODS = "plan,research,analyze,write,synthesize";

  /** Bytes hashed per phase by default. */
  public static final int DEFAULT_WORK_BYTES = 512;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final byte[] buffer;

  public BenchPhases() {
    this(DEFAULT_WORK_BYTES);
  }

  /** Phases that each hash {@code workBytes} bytes. */
  public BenchPhases(int workBytes) {
    if (workBytes < 1) {
      throw new IllegalArgumentException("work bytes must be at least 1, not " + workBytes);
    }
    buffer = new byte[workBytes];
    for (int i = 0; i < buffer.length; i++) {
      buffer[i] = (byte) (i * 31 + 7);
    }
  }

  /** Runs the five phases in order and returns a checksum of their work. */
  public long run(long seed) {
    long checksum = plan(seed).checksum();
    checksum ^= research(checksum).checksum();
    checksum ^= analyze(checksum).checksum();
    checksum ^= write(checksum).checksum();
    return checksum ^ synthesize(checksum).checksum();
  }

  @AgentPhase(value = "planning", agent = "planner")
  public PhaseResult plan(long seed) {
    return new PhaseResult("gpt-4o-mini", 120, 40, hash(seed));
  }

  @AgentPhase(value = "research", agent = "researcher")
  public PhaseResult research(long seed) {
    return new PhaseResult("gpt-4o", 800, 200, hash(seed));
  }

  @AgentPhase(value = "analysis", agent = "analyst")
  public PhaseResult analyze(long seed) {
    return new PhaseResult("gpt-4o", 600, 150, hash(seed));
  }

  @AgentPhase(value = "writer", agent = "writer")
  public PhaseResult write(long seed) {
    return new PhaseResult("gpt-4o", 400, 500, hash(seed));
  }

  @AgentPhase(value = "synthesis", agent = "synthesizer")
  public PhaseResult synthesize(long seed) {
    return new PhaseResult("gpt-4o-mini", 300, 120, hash(seed));
  }

  private long hash(long seed) {
    long h = FNV_OFFSET ^ seed;
    for (byte b : buffer) {
      h = (h ^ b) * FNV_PRIME;
    }
    return h;
  }
}
