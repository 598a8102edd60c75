/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import dev.agentobs.sample.cache.TaskResult;
import dev.agentobs.sample.llm.LlmClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one task through plan → (research ∥ analysis) → writer → synthesis: exactly five phase calls
 * per successful run. Planning and synthesis run on the calling thread; the three agent steps run
 * as {@code CompletableFuture} stages on a shared pool, as agent frameworks fan their steps out:
 * research and analysis at once, each on its own step of the plan, and the writer once both are
 * in. A failed analysis fails the task without running the writer; research still completes.
 */
public final class TaskPipeline {

  /** Shared by every pipeline: three steps per task, daemon threads so it never holds the JVM. */
  private static final ExecutorService STEPS =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread thread = new Thread(r, "agent-steps");
            thread.setDaemon(true);
            return thread;
          });

  private final Planner planner;
  private final ResearchAgent research;
  private final AnalysisAgent analysis;
  private final WriterAgent writer;
  private final Synthesizer synthesizer;

  /**
   * Creates the pipeline with all agents sharing one model client.
   *
   * @param llm the model client
   */
  public TaskPipeline(LlmClient llm) {
    this.planner = new Planner(llm);
    this.research = new ResearchAgent(llm);
    this.analysis = new AnalysisAgent(llm);
    this.writer = new WriterAgent(llm);
    this.synthesizer = new Synthesizer(llm);
  }

  /**
   * Runs the task.
   *
   * @param task the user's task
   * @param simulation a failure mode to simulate, or {@link Simulation#NONE}
   * @return the result; {@code tokensUsed} is input + output tokens summed over the five phases
   * @throws AgentStepException if a step fails
   */
  public TaskResult run(String task, Simulation simulation) {
    Plan plan = planner.plan(task);
    List<Plan.Step> steps = plan.steps();
    CompletableFuture<StepResult> found =
        CompletableFuture.supplyAsync(() -> research.run(steps.get(0), simulation), STEPS);
    CompletableFuture<StepResult> analysed =
        CompletableFuture.supplyAsync(() -> analysis.run(steps.get(1), simulation), STEPS);
    CompletableFuture<StepResult> written =
        found.thenCombineAsync(analysed, (r, a) -> writer.run(steps.get(2), r, a), STEPS);
    // research first: its outcome is settled whatever analysis does, so a failed task's log and
    // metrics are the same on every run
    List<StepResult> results = List.of(join(found), join(analysed), join(written));
    Synthesis synthesis = synthesizer.synthesize(task, results);

    long tokens = plan.inputTokens() + plan.outputTokens();
    for (StepResult result : results) {
      tokens += result.inputTokens() + result.outputTokens();
    }
    tokens += synthesis.inputTokens() + synthesis.outputTokens();
    List<String> descriptions = new ArrayList<>();
    for (Plan.Step step : steps) {
      descriptions.add(step.description());
    }
    return new TaskResult(task, descriptions, synthesis.result(), tokens);
  }

  /** A step's result, or the step's own exception as the sequential pipeline threw it. */
  private static StepResult join(CompletableFuture<StepResult> step) {
    try {
      return step.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }
}
