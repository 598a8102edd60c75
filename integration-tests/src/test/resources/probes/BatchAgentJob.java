/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import dev.agentobs.bootstrap.AgentPhase;
import java.util.Map;

/**
 * A short-lived batch job with no HTTP server, run in source-file mode by BatchJobRootTaskIT:
 *
 * <pre>
 * java -javaagent:agent-obs.jar=... -cp agent-obs-bootstrap.jar BatchAgentJob.java
 * </pre>
 *
 * <p>Calls two top-level phases with no request in progress: {@code plan()} (which calls the
 * nested {@code step()}) and {@code summarise()}, which fails. Then returns at once: whatever the
 * agent still holds must leave through its shutdown flush. Writes nothing to stdout (that is the
 * agent's JSON log stream); on stderr, the wall-clock time at which main returned.
 */
public class BatchAgentJob {

  /** What the planning call returns: read by the agent's token convention. */
  public record Plan(String model, long inputTokens, long outputTokens) {}

  @AgentPhase(value = "planning", agent = "planner")
  Plan plan() {
    Map<String, Object> executed = step();
    if (executed.isEmpty()) {
      throw new IllegalStateException("the step did nothing");
    }
    return new Plan("m1", 10, 20);
  }

  @AgentPhase("execution")
  Map<String, Object> step() {
    return Map.of("tokens_used", 5, "model", "m2");
  }

  @AgentPhase("summarise")
  String summarise() {
    throw new IllegalStateException("nothing to summarise");
  }

  public static void main(String[] args) {
    BatchAgentJob job = new BatchAgentJob();
    job.plan();
    try {
      job.summarise();
    } catch (RuntimeException expected) {
      System.err.println("BatchAgentJob: summarise failed as planned: " + expected.getMessage());
    }
    System.err.println("BatchAgentJob: main returned at " + System.currentTimeMillis());
  }
}
