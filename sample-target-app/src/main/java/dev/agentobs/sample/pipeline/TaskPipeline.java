/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import dev.agentobs.sample.cache.TaskResult;
import dev.agentobs.sample.llm.LlmClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one task through plan → research → analysis → writer → synthesis, sequentially on the
 * calling thread: exactly five phase calls per successful run.
 */
public final class TaskPipeline {

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
    StepResult found = research.run(steps.get(0), simulation);
    StepResult analysed = analysis.run(steps.get(1), found, simulation);
    StepResult written = writer.run(steps.get(2), analysed);
    List<StepResult> results = List.of(found, analysed, written);
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
}
