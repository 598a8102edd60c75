/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample;

import dev.agentobs.sample.cache.ResultCache;
import dev.agentobs.sample.cache.TaskResult;
import dev.agentobs.sample.pipeline.Simulation;
import dev.agentobs.sample.pipeline.TaskPipeline;
import java.util.Optional;

/** Answers a task from the cache or by running the pipeline. */
public final class TaskService {

  private final ResultCache cache;
  private final TaskPipeline pipeline;

  /**
   * Creates the service.
   *
   * @param cache the result cache
   * @param pipeline the agent pipeline
   */
  public TaskService(ResultCache cache, TaskPipeline pipeline) {
    this.cache = cache;
    this.pipeline = pipeline;
  }

  /**
   * Answers a task.
   *
   * <p>Simulated runs bypass the cache both ways: a cached answer must not hide the simulated
   * failure, and a simulated run's answer must not be served to normal requests. Failed runs
   * throw, so they are never stored either.
   *
   * @param task the task text (the cache key)
   * @param simulation the failure mode to simulate
   * @return the result and whether it came from the cache
   * @throws dev.agentobs.sample.pipeline.AgentStepException if an agent step fails
   */
  public Answer answer(String task, Simulation simulation) {
    if (simulation != Simulation.NONE) {
      return new Answer(pipeline.run(task, simulation), false);
    }
    Optional<TaskResult> cached = cache.lookup(task);
    if (cached.isPresent()) {
      return new Answer(cached.get(), true);
    }
    TaskResult result = pipeline.run(task, simulation);
    cache.store(result);
    return new Answer(result, false);
  }

  /**
   * A task's answer.
   *
   * @param result the result
   * @param cached whether it was served from the cache
   */
  public record Answer(TaskResult result, boolean cached) {}
}
