/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentobs.sample.cache.TaskResult;
import dev.agentobs.sample.llm.LlmClient;
import dev.agentobs.sample.llm.StubLlmServer;
import java.util.List;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TaskPipelineTest {

  private static StubLlmServer stub;
  private static LlmClient llm;

  @BeforeAll
  static void startStub() throws IOException {
    stub = StubLlmServer.start();
    llm = new LlmClient(stub.baseUrl(), "k");
  }

  @AfterAll
  static void stopStub() {
    stub.close();
  }

  @Test
  void tokensUsedIsTheSumOverTheFivePhases() {
    String task = "compare solar and wind power";
    Plan plan = new Planner(llm).plan(task);
    StepResult research = new ResearchAgent(llm).run(plan.steps().get(0), Simulation.NONE);
    StepResult analysis =
        new AnalysisAgent(llm).run(plan.steps().get(1), research, Simulation.NONE);
    StepResult writer = new WriterAgent(llm).run(plan.steps().get(2), analysis);
    Synthesis synthesis =
        new Synthesizer(llm).synthesize(task, List.of(research, analysis, writer));
    long expected =
        plan.inputTokens()
            + plan.outputTokens()
            + research.inputTokens()
            + research.outputTokens()
            + analysis.inputTokens()
            + analysis.outputTokens()
            + writer.inputTokens()
            + writer.outputTokens()
            + synthesis.inputTokens()
            + synthesis.outputTokens();

    TaskResult result = new TaskPipeline(llm).run(task, Simulation.NONE);

    assertThat(result.tokensUsed()).isEqualTo(expected);
    assertThat(result.result()).isEqualTo(synthesis.result());
  }

  @Test
  void planHasOneStepPerAgentAndPhasesUseTheirModels() {
    Plan plan = new Planner(llm).plan("summarise a paper");
    StepResult research = new ResearchAgent(llm).run(plan.steps().get(0), Simulation.NONE);

    assertThat(plan.steps()).extracting(Plan.Step::agent)
        .containsExactly("research", "analysis", "writer");
    assertThat(plan.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(research.model()).isEqualTo("gpt-4o-mini-2024-07-18");
  }

  @Test
  void simulatedErrorFailsTheAnalysisStep() {
    TaskPipeline pipeline = new TaskPipeline(llm);

    assertThatThrownBy(() -> pipeline.run("anything", Simulation.ERROR))
        .isInstanceOf(AgentStepException.class)
        .hasMessage("analysis agent failed: simulated error");
  }

  @Test
  void runsAreDeterministic() {
    assertThat(new TaskPipeline(llm).run("plan a trip", Simulation.NONE))
        .isEqualTo(
            new TaskPipeline(new LlmClient(stub.baseUrl(), "k")).run("plan a trip", Simulation.NONE));
  }
}
