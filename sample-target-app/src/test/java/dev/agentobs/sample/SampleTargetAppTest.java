/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentobs.sample.llm.LlmClient;
import dev.agentobs.sample.llm.StubLlmServer;
import dev.agentobs.sample.pipeline.Simulation;
import dev.agentobs.sample.pipeline.TaskPipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampleTargetAppTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static SampleTargetApp app;

  @BeforeAll
  static void startApp() throws Exception {
    app = SampleTargetApp.start(0);
  }

  @AfterAll
  static void stopApp() {
    app.close();
  }

  @Test
  void taskAnswersPlanResultAndTokens() throws Exception {
    HttpResponse<String> response =
        post(app, "{\"task\":\"compare two databases\",\"user_id\":\"u-1\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode json = MAPPER.readTree(response.body());
    assertThat(fieldNames(json))
        .containsExactly("task", "user_id", "plan", "result", "tokens_used", "cached");
    assertThat(json.get("task").asText()).isEqualTo("compare two databases");
    assertThat(json.get("user_id").asText()).isEqualTo("u-1");
    assertThat(json.get("plan")).hasSize(3);
    assertThat(json.get("result").asText()).isNotBlank();
    assertThat(json.get("cached").asBoolean()).isFalse();
    long expected;
    try (StubLlmServer stub = StubLlmServer.start()) {
      expected =
          new TaskPipeline(new LlmClient(stub.baseUrl(), "k"))
              .run("compare two databases", Simulation.NONE)
              .tokensUsed();
    }
    assertThat(json.get("tokens_used").asLong()).isEqualTo(expected);
  }

  @Test
  void repeatedTaskIsServedFromCache() throws Exception {
    JsonNode first = MAPPER.readTree(post(app, "{\"task\":\"cache me\"}").body());
    JsonNode second =
        MAPPER.readTree(post(app, "{\"task\":\"cache me\",\"user_id\":\"other\"}").body());

    assertThat(first.get("cached").asBoolean()).isFalse();
    assertThat(first.get("user_id").asText()).isEqualTo("anonymous");
    assertThat(second.get("cached").asBoolean()).isTrue();
    assertThat(second.get("user_id").asText()).isEqualTo("other");
    assertThat(second.get("result")).isEqualTo(first.get("result"));
    assertThat(second.get("tokens_used")).isEqualTo(first.get("tokens_used"));
  }

  @Test
  void simulatedErrorAnswers500AndIsNotCached() throws Exception {
    HttpResponse<String> error = post(app, "{\"task\":\"fail once\",\"simulate\":\"error\"}");

    assertThat(error.statusCode()).isEqualTo(500);
    JsonNode json = MAPPER.readTree(error.body());
    assertThat(json.get("error").asText()).isEqualTo("analysis agent failed: simulated error");
    assertThat(json.get("error_type").asText()).isEqualTo("AgentStepException");
    JsonNode retry = MAPPER.readTree(post(app, "{\"task\":\"fail once\"}").body());
    assertThat(retry.get("cached").asBoolean()).isFalse();
  }

  @Test
  void slowRunTakesTheExtraTimeAndIsNotCached() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> slow = post(app, "{\"task\":\"take your time\",\"simulate\":\"slow\"}");
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

    assertThat(slow.statusCode()).isEqualTo(200);
    assertThat(millis).isGreaterThanOrEqualTo(1500);
    JsonNode again = MAPPER.readTree(post(app, "{\"task\":\"take your time\"}").body());
    assertThat(again.get("cached").asBoolean()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{not json",
        "",
        "[1,2]",
        "{\"task\":\"  \"}",
        "{\"user_id\":\"u\"}",
        "{\"task\":42}",
        "{\"task\":\"x\"} trailing",
        "{\"task\":\"x\",\"simulate\":\"explode\"}"
      })
  void invalidBodyAnswers400(String body) throws Exception {
    HttpResponse<String> response = post(app, body);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode json = MAPPER.readTree(response.body());
    assertThat(json.get("error").asText()).isNotBlank();
    assertThat(json.get("error_type").asText()).isEqualTo("InvalidRequest");
  }

  @Test
  void wrongMethodAnswers405() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(app, "/api/v1/task")));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void unknownPathUnderAContextAnswers404() throws Exception {
    assertThat(send(HttpRequest.newBuilder(uri(app, "/health/extra"))).statusCode())
        .isEqualTo(404);
  }

  @Test
  void healthAnswersOk() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(app, "/health")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void tokensAreDeterministicAcrossInstances() throws Exception {
    String body = "{\"task\":\"write a haiku about tracing\"}";
    try (SampleTargetApp other = SampleTargetApp.start(0)) {
      JsonNode here = MAPPER.readTree(post(app, body).body());
      JsonNode there = MAPPER.readTree(post(other, body).body());

      assertThat(here.get("cached").asBoolean()).isFalse();
      assertThat(there.get("cached").asBoolean()).isFalse();
      assertThat(there.get("tokens_used")).isEqualTo(here.get("tokens_used"));
      assertThat(there.get("result")).isEqualTo(here.get("result"));
    }
  }

  @Test
  void portArgumentsAreParsed() {
    assertThat(SampleTargetApp.parsePort(new String[0])).isEqualTo(8080);
    assertThat(SampleTargetApp.parsePort(new String[] {"--port", "18080"})).isEqualTo(18080);
    assertThat(SampleTargetApp.parsePort(new String[] {"--port=0"})).isZero();
    assertThatThrownBy(() -> SampleTargetApp.parsePort(new String[] {"--port"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SampleTargetApp.parsePort(new String[] {"--port=http"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SampleTargetApp.parsePort(new String[] {"--port=70000"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            SampleTargetApp.parseArgs(
                new String[] {"--llm-base-url", "https://llm.example/v1", "--port=1"}))
        .containsEntry("--llm-base-url", "https://llm.example/v1")
        .containsEntry("--port", "1");
    assertThatThrownBy(() -> SampleTargetApp.parsePort(new String[] {"--verbose"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static HttpResponse<String> post(SampleTargetApp target, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(target, "/api/v1/task"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(SampleTargetApp target, String path) {
    return URI.create("http://127.0.0.1:" + target.port() + path);
  }

  private static List<String> fieldNames(JsonNode json) {
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
