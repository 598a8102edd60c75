/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import dev.agentobs.bootstrap.AgentPhase;
import java.util.List;
import java.util.Map;

/**
 * A small AI-agent pipeline with no HTTP server, run in source-file mode by PhasesIncludeIT and
 * AttachIT: {@code Agent.handle} plans, researches each step and writes a summary; every third
 * summary fails. Run twice, once as it stands and once with its {@code @AgentPhase} lines (and their
 * import) removed, observed through {@code phases.include}: what the agent reports must be the
 * same.
 *
 * <pre>
 * java [-javaagent:agent-obs.jar=...] [-cp agent-obs-bootstrap.jar] PhasePipeline.java RUNS|forever
 * </pre>
 *
 * <p>With a number, runs that many tasks, says "PhasePipeline: done" on stderr and stays alive to
 * be scraped; with "forever", runs a task every 200 ms, saying "PhasePipeline: run N" after each.
 * First it names its class loader on stderr.
 * Writes nothing to stdout (that is the agent's JSON log stream).
 */
public class PhasePipeline {

  /** What a summary returns: read by the agent's token convention. */
  public record Summary(String model, long inputTokens, long outputTokens) {}

  static class Agent {
    private final Planner planner = new Planner();
    private final Steps steps = new Steps();
    private final Writer writer = new Writer();

    @AgentPhase(value = "agent", agent = "orchestrator")
    String handle(int run) {
      for (String step : planner.plan("topic " + run)) {
        steps.research(step);
      }
      return "summary by " + writer.summarise(run).model();
    }
  }

  static class Planner {
    @AgentPhase(value = "planning", agent = "planner")
    List<String> plan(String task) {
      return List.of("search " + task, "read " + task);
    }
  }

  static class Steps {
    @AgentPhase("execution")
    Map<String, Object> research(String step) {
      return Map.of("tokens_used", 7, "model", "m-small");
    }
  }

  static class Writer {
    @AgentPhase(value = "synthesis", agent = "writer")
    Summary summarise(int run) {
      if (run % 3 == 2) {
        throw new IllegalStateException("no sources for run " + run);
      }
      return new Summary("m-large", 100, 40);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    System.err.println(
        "PhasePipeline: class loader " + PhasePipeline.class.getClassLoader().getClass().getName());
    Agent agent = new Agent();
    boolean forever = args[0].equals("forever");
    int runs = forever ? Integer.MAX_VALUE : Integer.parseInt(args[0]);
    for (int run = 0; run < runs; run++) {
      try {
        agent.handle(run);
      } catch (IllegalStateException expected) {
        // the failing summary: the agent reports it, the program carries on
      }
      if (forever) {
        System.err.println("PhasePipeline: run " + run);
        Thread.sleep(200);
      }
    }
    System.err.println("PhasePipeline: done");
    Thread.sleep(Long.MAX_VALUE);
  }
}
