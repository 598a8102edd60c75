/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.it.BadCollector.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A trace collector that refuses, hangs, fails or crawls costs the application nothing: every
 * request is answered as usual, metrics and logs carry on, and a failing export is said once on
 * stderr and counted, never repeated per batch.
 */
class CollectorFaultsIT {

  private static final int TASKS = 30;
  /** Longer than the exporter's default 10 s timeout, for the collector that never answers. */
  private static final Duration EXPORT_OUTCOME = Duration.ofSeconds(40);

  @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();

  @ParameterizedTest
  @EnumSource(Fault.class)
  void theApplicationIsUnaffected(Fault fault) throws Exception {
    try (OtlpHttpReceiver unused = OtlpHttpReceiver.start();
        BadCollector collector = BadCollector.start(fault);
        ObservedApp app =
            output.watch(
                ObservedApp.builder(unused)
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint())
                    .start())) {
      SampleAppClient client = new SampleAppClient(app);
      List<SampleAppClient.Response> responses = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        responses.add(client.postTask("fault " + fault + " task " + i, null));
      }

      assertThat(responses)
          .as("answers while the collector %s", fault)
          .allSatisfy(
              r -> {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.json().path("result").asText()).isNotBlank();
              });
      PrometheusText metrics = app.awaitRequestsCounted("/api/v1/task", TASKS);
      assertThat(metrics.sum("agent_requests_total", Map.of("endpoint", "/api/v1/task")))
          .isEqualTo(TASKS);
      JsonLines logs = app.awaitLogs(lines -> tasksCompleted(lines) >= TASKS);
      assertThat(tasksCompleted(logs)).as("task_complete lines").isEqualTo(TASKS);

      if (fault == Fault.ANSWERS_SLOWLY) {
        PrometheusText later =
            Await.pollUntil(
                EXPORT_OUTCOME,
                app::scrapeMetrics,
                m -> m.sum("agent_obs_spans_exported_total", Map.of()) >= TASKS * 6);
        assertThat(later.sum("agent_obs_spans_exported_total", Map.of()))
            .as("spans a slow collector still received")
            .isGreaterThanOrEqualTo(TASKS * 6);
        assertThat(later.sum("agent_obs_spans_export_failed_total", Map.of())).isZero();
        assertThat(exportComplaints(app)).isEmpty();
        return;
      }
      PrometheusText later =
          Await.pollUntil(
              EXPORT_OUTCOME,
              app::scrapeMetrics,
              m -> m.sum("agent_obs_spans_export_failed_total", Map.of()) > 0);
      assertThat(later.sum("agent_obs_spans_export_failed_total", Map.of()))
          .as("spans counted as failed to export to a collector that %s", fault)
          .isPositive();
      // further failing exports: still one line
      client.postTask("one more after the failure", null);
      Await.sleep(Duration.ofSeconds(2));
      assertThat(exportComplaints(app))
          .as("stderr lines about the failing export")
          .singleElement()
          .asString()
          .startsWith("agent-obs: span export failed")
          .contains("the application is unaffected");
    }
  }

  private static long tasksCompleted(JsonLines logs) {
    return logs.all().stream()
        .filter(line -> "task_complete".equals(JsonLines.text(line, "event")))
        .filter(line -> "/api/v1/task".equals(JsonLines.text(line, "endpoint")))
        .count();
  }

  private static List<String> exportComplaints(ObservedApp app) {
    return app.stderrLines().stream()
        .filter(line -> line.contains("export"))
        .collect(Collectors.toList());
  }
}
