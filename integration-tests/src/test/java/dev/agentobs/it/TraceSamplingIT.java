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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code OTEL_TRACES_SAMPLER} keeps its OpenTelemetry meaning: with {@code
 * parentbased_traceidratio} about the given share of requests is exported, each whole (server span,
 * phases and calls) or not at all, while every request is still counted and logged with its trace id.
 */
class TraceSamplingIT {

  private static final int TASKS = 60;

  @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();

  @Test
  void traceIdRatioSamplingExportsSomeTracesWholeAndCountsAndLogsAll() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        ObservedApp app =
            output.watch(
                ObservedApp.builder(receiver)
                    .env("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                    .env("OTEL_TRACES_SAMPLER_ARG", "0.5")
                    .start())) {
      SampleAppClient client = new SampleAppClient(app);
      List<String> requestIds = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        SampleAppClient.Response response = client.postTask("sampled task " + i, null);
        assertThat(response.status()).isEqualTo(200);
        requestIds.add(response.requestId());
      }

      PrometheusText metrics = app.awaitRequestsCounted("/api/v1/task", TASKS);
      assertThat(metrics.sum("agent_requests_total", Map.of("endpoint", "/api/v1/task")))
          .as("every request counted, sampled or not")
          .isEqualTo(TASKS);
      JsonLines logs = app.awaitEachLogged("task_complete", requestIds);
      for (String id : requestIds) {
        assertThat(logs.events(id, "task_complete"))
            .as("task_complete of %s", id)
            .singleElement()
            .satisfies(line -> assertThat(JsonLines.text(line, "trace_id")).hasSize(32));
      }

      Await.sleep(Duration.ofSeconds(2)); // ten export intervals of OTEL_BSP_SCHEDULE_DELAY
      Set<String> exportedTraces =
          receiver.spans().stream()
              .filter(s -> requestIds.contains(s.attribute("request.id")))
              .map(ReceivedSpan::traceId)
              .collect(Collectors.toSet());
      assertThat(exportedTraces.size())
          .as("traces exported out of %s at ratio 0.5", TASKS)
          .isBetween(TASKS / 6, TASKS - TASKS / 6);
      for (String id : requestIds) {
        long spans =
            receiver.spans().stream().filter(s -> id.equals(s.attribute("request.id"))).count();
        assertThat(spans)
            .as("spans of request %s: the server span, its five phases, their LLM calls and the"
                + " calls' HTTP calls, or none", id)
            .isIn(0L, 16L);
      }
    }
  }
}
