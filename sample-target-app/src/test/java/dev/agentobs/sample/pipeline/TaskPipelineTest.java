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
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    StepResult analysis = new AnalysisAgent(llm).run(plan.steps().get(1), Simulation.NONE);
    StepResult writer = new WriterAgent(llm).run(plan.steps().get(2), research, analysis);
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
        .hasMessage("analysis agent failed: simulated error")
        .hasNoCause();
  }

  @Test
  void againstTheStubTheSimulatedErrorIsARefusedLlmCall() {
    TaskPipeline pipeline = new TaskPipeline(new LlmClient(stub.baseUrl(), "k", true));

    assertThatThrownBy(() -> pipeline.run("anything", Simulation.ERROR))
        .isInstanceOf(AgentStepException.class)
        .hasMessage("analysis agent failed: simulated error")
        .cause()
        .hasMessageContaining("context_length_exceeded");
  }

  @Test
  void researchAndAnalysisRunAtTheSameTime() throws IOException {
    // a relay in front of the stub holds each of the two calls until the other one has arrived:
    // run one after the other, neither would get through
    CountDownLatch bothIn = new CountDownLatch(2);
    AtomicInteger metTheOther = new AtomicInteger();
    HttpClient forward = HttpClient.newHttpClient();
    HttpServer relay = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    relay.setExecutor(Executors.newCachedThreadPool());
    relay.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String prompt = new String(body, StandardCharsets.UTF_8);
          try {
            if (prompt.contains("You are a research agent")
                || prompt.contains("You are an analysis agent")) {
              bothIn.countDown();
              if (bothIn.await(10, TimeUnit.SECONDS)) {
                metTheOther.incrementAndGet();
              }
            }
            HttpResponse<byte[]> answer =
                forward.send(
                    HttpRequest.newBuilder(
                            URI.create(stub.baseUrl())
                                .resolve(exchange.getRequestURI().getPath()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(500, -1);
          } finally {
            exchange.close();
          }
        });
    relay.start();
    try {
      String relayUrl = "http://127.0.0.1:" + relay.getAddress().getPort() + "/v1";
      TaskResult result =
          new TaskPipeline(new LlmClient(relayUrl, "k")).run("plan a trip", Simulation.NONE);

      assertThat(metTheOther).as("calls that found the other step already running").hasValue(2);
      assertThat(result)
          .isEqualTo(new TaskPipeline(llm).run("plan a trip", Simulation.NONE));
    } finally {
      relay.stop(0);
    }
  }

  @Test
  void runsAreDeterministic() {
    assertThat(new TaskPipeline(llm).run("plan a trip", Simulation.NONE))
        .isEqualTo(
            new TaskPipeline(new LlmClient(stub.baseUrl(), "k")).run("plan a trip", Simulation.NONE));
  }
}
