/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * agent-obs attached twice, or beside the OpenTelemetry Java agent in either order: the app
 * answers as always and agent-obs reports every request exactly once, in metrics, logs and spans.
 */
class AgentCoexistenceIT {

  private static final int SPANS_PER_TASK = 1 + 5 * 3;

  private static final int TASKS = 5;

  @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();

  @Test
  void aSecondCopyIsIgnoredWithOneLine() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        ObservedApp app =
            output.watch(
                ObservedApp.builder(receiver)
                    .jvmOption("-javaagent:" + BuiltJars.agent() + "=metrics.port=0")
                    .start())) {
      List<String> ids = runTasks(app);
      assertReportedOnce(app, receiver, ids);
      assertThat(app.stderrLines())
          .filteredOn(line -> line.startsWith("agent-obs:"))
          .hasSize(2)
          .anySatisfy(line -> assertThat(line).contains("already attached"))
          .anySatisfy(line -> assertThat(line).contains("started"));
    }
  }

  @ParameterizedTest(name = "OpenTelemetry agent {0}")
  @ValueSource(strings = {"first", "last"})
  void besideTheOpenTelemetryAgent(String order) throws Exception {
    String otel = "-javaagent:" + BuiltJars.otelAgent();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      ObservedApp.Builder builder =
          ObservedApp.builder(receiver)
              // its own metrics and logs would go to a receiver that takes traces only
              .jvmOption("-Dotel.metrics.exporter=none")
              .jvmOption("-Dotel.logs.exporter=none");
      builder = order.equals("first") ? builder.jvmOptionFirst(otel) : builder.jvmOption(otel);
      try (ObservedApp app = output.watch(builder.start())) {
        List<String> ids = runTasks(app);
        assertReportedOnce(app, receiver, ids);
        // with the OTel agent first, FutureTask carries its marker interface, which our matchers
        // that walk a hierarchy cannot resolve: that must not fail the executor instrumentation
        assertThat(app.scrapeMetrics().value("agent_obs_internal_errors_total", Map.of()))
            .as("agent-obs internal errors (a failed weave counts one)")
            .isZero();
        assertThat(app.stderrLines())
            .filteredOn(line -> line.startsWith("agent-obs:"))
            .as("agent-obs' lines on stderr: its banner and nothing wrong")
            .singleElement()
            .asString()
            .contains("started");
      }
    }
  }

  private static List<String> runTasks(ObservedApp app) {
    SampleAppClient client = new SampleAppClient(app);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      SampleAppClient.Response response = client.postTask("coexisting task " + i, null);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().path("result").asText()).isNotBlank();
      ids.add(response.requestId());
    }
    return ids;
  }

  /**
   * One count, one task_complete line and 16 spans per request: the server span, five phases, and
   * the LLM call in each phase with the HTTP call under it.
   */
  private static void assertReportedOnce(
      ObservedApp app, OtlpHttpReceiver receiver, List<String> ids) {
    PrometheusText metrics = app.awaitRequestsCounted("/api/v1/task", TASKS);
    assertThat(metrics.sum("agent_requests_total", Map.of("endpoint", "/api/v1/task")))
        .isEqualTo(TASKS);
    JsonLines logs = app.awaitEachLogged("task_complete", ids);
    for (String id : ids) {
      assertThat(logs.events(id, "task_complete")).as("task_complete of %s", id).hasSize(1);
      List<ReceivedSpan> spans =
          Await.pollUntil(
              Duration.ofSeconds(10),
              () -> spansOf(receiver, id),
              list -> list.size() >= SPANS_PER_TASK);
      Await.sleep(Duration.ofMillis(500)); // a duplicate would arrive with the same batches
      assertThat(spansOf(receiver, id)).as("agent-obs spans of %s", id).hasSize(SPANS_PER_TASK);
    }
  }

  private static List<ReceivedSpan> spansOf(OtlpHttpReceiver receiver, String requestId) {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (ReceivedSpan span : receiver.spans()) {
      if (requestId.equals(span.attribute("request.id"))) {
        spans.add(span);
      }
    }
    return spans;
  }
}
