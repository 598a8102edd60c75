/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch job (no HTTP server, {@code probes/BatchAgentJob.java}): each top-level {@code
 * @AgentPhase} called with no request in progress starts its own root task, and the JVM, which
 * exits as soon as {@code main} returns, still delivers every log line and span through the agent's
 * shutdown flush, without being kept alive by it.
 */
class BatchJobRootTaskIT {

  /** Longer than the whole run: spans can only arrive through the flush at exit. */
  private static final String BATCH_DELAY_MILLIS = "5000";
  /** From main returning to the JVM gone: well under the batch delay above. */
  private static final Duration EXIT_AFTER_MAIN = Duration.ofSeconds(4);

  private static final String MAIN_RETURNED = "BatchAgentJob: main returned at ";

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  @RegisterExtension final OtlpHttpReceiver receiver = OtlpHttpReceiver.forEachTest();

  @Test
  void eachTopLevelPhaseIsARootTaskAndEverythingIsFlushedAtExit() {
    Path bootstrapJar =
        Path.of(
            System.getProperty("agentobs.repoRoot"),
            "bootstrap",
            "target",
            "agent-obs-bootstrap-0.1.0-SNAPSHOT.jar");
    try (SourceProbe job =
        output.watch(
            SourceProbe.builder("BatchAgentJob.java")
                .agentArg("metrics.port", Integer.toString(FreePorts.next()))
                .agentArg("log.phase.level", "info")
                .jvmOption("-cp", bootstrapJar.toString())
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_SERVICE_NAME", "batch-agent-job")
                .env("OTEL_BSP_SCHEDULE_DELAY", BATCH_DELAY_MILLIS)
                .start())) {

      assertThat(job.awaitExit(Duration.ofSeconds(60))).as("the job exits by itself").isTrue();
      long exitedAt = System.currentTimeMillis();
      // taken at once: an export the agent did not finish before exit is lost, not late
      List<ReceivedSpan> spans = receiver.spans();

      assertThat(job.exitValue()).as("exit code").isZero();
      assertThat(Duration.ofMillis(exitedAt - mainReturnedAt(job)))
          .as("from main returning to the JVM gone")
          .isLessThan(EXIT_AFTER_MAIN);

      JsonLines logs = JsonLines.parseStrict(job.stdoutLines());
      List<ObjectNode> starts =
          logs.all().stream()
              .filter(line -> JsonLines.hasEvent(line, "task_start"))
              .collect(Collectors.toList());
      assertThat(starts)
          .extracting(line -> text(line, "task"))
          .containsExactly("planning", "summarise");
      String planningId = text(starts.get(0), "request_id");
      String summariseId = text(starts.get(1), "request_id");
      assertThat(planningId).as("request id of the planning task").isNotBlank();
      assertThat(summariseId)
          .as("request id of the summarise task")
          .isNotBlank()
          .isNotEqualTo(planningId);

      List<ObjectNode> planning = logs.forRequest(planningId);
      assertThat(planning)
          .extracting(BatchJobRootTaskIT::eventPhaseAgent)
          .containsExactly(
              "task_start null null",
              "phase_complete execution planner",
              "phase_complete planning planner",
              "task_complete null null");
      ObjectNode step = planning.get(1);
      assertThat(text(step, "model")).isEqualTo("m2");
      assertThat(step.path("tokens_used").asLong()).isEqualTo(5);
      ObjectNode plan = planning.get(2);
      assertThat(text(plan, "model")).isEqualTo("m1");
      assertThat(plan.path("input_tokens").asLong()).isEqualTo(10);
      assertThat(plan.path("output_tokens").asLong()).isEqualTo(20);
      assertThat(planning.get(3).path("tokens_used").asLong())
          .as("task_complete tokens_used: 10 + 20 of planning and 5 of execution")
          .isEqualTo(35);

      List<ObjectNode> summarise = logs.forRequest(summariseId);
      assertThat(summarise)
          .extracting(BatchJobRootTaskIT::eventPhaseAgent)
          .containsExactly(
              "task_start null null",
              "phase_error summarise default",
              "task_error null null");
      assertThat(text(summarise.get(2), "error")).isEqualTo("nothing to summarise");
      assertThat(text(summarise.get(2), "error_type"))
          .isEqualTo(IllegalStateException.class.getName());

      assertThat(spans).as("spans received by the time the JVM was gone").hasSize(5);
      assertThat(spans).allMatch(span -> span.kind() == SpanKind.SPAN_KIND_INTERNAL, "INTERNAL");
      ReceivedSpan planningTask = only(spans, "task planning");
      ReceivedSpan planningPhase = only(spans, "planning");
      ReceivedSpan executionPhase = only(spans, "execution");
      ReceivedSpan summariseTask = only(spans, "task summarise");
      ReceivedSpan summarisePhase = only(spans, "summarise");
      assertThat(planningTask.parentSpanId()).as("task planning is a root span").isEmpty();
      assertThat(summariseTask.parentSpanId()).as("task summarise is a root span").isEmpty();
      assertThat(planningPhase.parentSpanId()).isEqualTo(planningTask.spanId());
      assertThat(executionPhase.parentSpanId()).isEqualTo(planningPhase.spanId());
      assertThat(summarisePhase.parentSpanId()).isEqualTo(summariseTask.spanId());
      assertThat(List.of(planningPhase, executionPhase))
          .allMatch(span -> span.traceId().equals(planningTask.traceId()), "in one trace");
      assertThat(summarisePhase.traceId()).isEqualTo(summariseTask.traceId());
      assertThat(summariseTask.traceId()).isNotEqualTo(planningTask.traceId());
      assertThat(List.of(summariseTask, summarisePhase))
          .allMatch(span -> span.statusCode() == StatusCode.STATUS_CODE_ERROR, "ERROR");
      assertThat(List.of(planningTask, planningPhase, executionPhase))
          .allMatch(span -> span.statusCode() != StatusCode.STATUS_CODE_ERROR, "not ERROR");

      assertThat(spans)
          .allMatch(span -> "batch-agent-job".equals(span.resource().get("service.name")));
      assertThat(List.of(planningTask, planningPhase, executionPhase))
          .allMatch(span -> planningId.equals(span.attribute("request.id")), planningId);
      assertThat(List.of(summariseTask, summarisePhase))
          .allMatch(span -> summariseId.equals(span.attribute("request.id")), summariseId);
      assertSameIds(planning.get(0), planningTask);
      assertSameIds(planning.get(1), executionPhase);
      assertSameIds(planning.get(2), planningPhase);
      assertSameIds(planning.get(3), planningTask);
      assertSameIds(summarise.get(0), summariseTask);
      assertSameIds(summarise.get(1), summarisePhase);
      assertSameIds(summarise.get(2), summariseTask);
    }
  }

  /** "event phase agent_type" of a log line ("null" where absent). */
  private static String eventPhaseAgent(ObjectNode line) {
    return text(line, "event") + " " + text(line, "phase") + " " + text(line, "agent_type");
  }

  private static void assertSameIds(ObjectNode line, ReceivedSpan span) {
    assertThat(text(line, "trace_id")).as("trace_id of %s", line).isEqualTo(span.traceId());
    assertThat(text(line, "span_id")).as("span_id of %s", line).isEqualTo(span.spanId());
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> named =
        spans.stream().filter(span -> span.name().equals(name)).collect(Collectors.toList());
    assertThat(named).as("spans named '%s' in %s", name, spans).hasSize(1);
    return named.get(0);
  }

  private static long mainReturnedAt(SourceProbe job) {
    return job.stderrLines().stream()
        .filter(line -> line.startsWith(MAIN_RETURNED))
        .map(line -> Long.parseLong(line.substring(MAIN_RETURNED.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the job never said that main returned"));
  }
}
