/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service stopped with SIGTERM (what Kubernetes and systemd send) delivers what the agent still
 * holds: the spans of its last requests, though the batch delay had not come round, and every log
 * line; and a collector that never answers cannot hold the JVM's exit for more than the agent's
 * bounded flush.
 */
class ShutdownIT {

  private static final int TASKS = 10;
  /** Far longer than the test: spans can only reach the receiver through the flush at exit. */
  private static final String NEVER_BY_TIMER = "600000";
  /** The agent's flush is bounded (5 s for spans, 2 s for the log writer) plus JVM teardown. */
  private static final Duration BOUNDED_EXIT = Duration.ofSeconds(15);

  @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();
  @RegisterExtension final SourceProbe.OutputOnFailure probeOutput = new SourceProbe.OutputOnFailure();

  @Test
  void spansAndLogLinesOfTheLastRequestsAreDeliveredOnSigterm() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        ObservedApp app =
            output.watch(
                ObservedApp.builder(receiver).env("OTEL_BSP_SCHEDULE_DELAY", NEVER_BY_TIMER)
                    .start())) {
      sendTasks(app);
      assertThat(receiver.spans()).as("nothing exported before the exit").isEmpty();

      assertThat(app.terminate(Duration.ofSeconds(60))).as("exit after SIGTERM").isNotNull();

      Set<String> taskTraces = completedTaskTraceIds(app);
      assertThat(taskTraces).hasSize(TASKS);
      Set<String> exportedServerTraces =
          receiver.spans().stream()
              .filter(span -> span.kind() == Span.SpanKind.SPAN_KIND_SERVER)
              .map(ReceivedSpan::traceId)
              .collect(Collectors.toSet());
      assertThat(exportedServerTraces).as("server spans flushed at exit").containsAll(taskTraces);
      assertThat(receiver.spans(span -> taskTraces.contains(span.traceId())))
          .as("every span of every task's trace")
          .hasSizeGreaterThanOrEqualTo(TASKS * 6);
    }
  }

  @Test
  void aCollectorThatNeverAnswersCannotHoldUpTheExit() throws Exception {
    try (OtlpHttpReceiver unused = OtlpHttpReceiver.start();
        BadCollector collector = BadCollector.start(BadCollector.Fault.NEVER_ANSWERS);
        ObservedApp app =
            output.watch(
                ObservedApp.builder(unused)
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint())
                    .env("OTEL_BSP_SCHEDULE_DELAY", NEVER_BY_TIMER)
                    .start())) {
      List<String> requestIds = sendTasks(app);

      Duration exit = app.terminate(Duration.ofSeconds(60));

      assertThat(exit).as("exit after SIGTERM").isNotNull().isLessThan(BOUNDED_EXIT);
      List<ObjectNode> completions = taskCompletions(app);
      assertThat(completions)
          .extracting(line -> text(line, "request_id"))
          .as("every task's log line written before the exit")
          .containsExactlyInAnyOrderElementsOf(requestIds);
      assertThat(completions)
          .extracting(line -> text(line, "trace_id"))
          .as("one trace per task")
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void aRequestWhoseResponseWentOutIsReportedThoughItsHandlerHadNotReturned() throws Exception {
    int port = FreePorts.next();
    int metricsPort = FreePorts.next();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        SourceProbe service =
            probeOutput.watch(
                SourceProbe.builder("LingeringHandler.java")
                    .agentArg("metrics.port", Integer.toString(metricsPort))
                    .agentArg("metrics.start.delay.ms", "0")
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                    .env("OTEL_BSP_SCHEDULE_DELAY", NEVER_BY_TIMER)
                    .args(Integer.toString(port), "500")
                    .start())) {
      ContextAcrossThreadsIT.awaitReady(service, port, metricsPort);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/answer"))
                      .header("X-Request-ID", "last-answer")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);

      // at once: the handler is still lingering after its response
      ProcessHandle.of(service.pid()).ifPresent(ProcessHandle::destroy);
      assertThat(service.awaitExit(Duration.ofSeconds(60))).as("exit after SIGTERM").isTrue();

      assertThat(
              JsonLines.parseStrict(service.stdoutLines()).all().stream()
                  .filter(line -> JsonLines.hasEvent(line, "task_complete"))
                  .map(line -> text(line, "request_id")))
          .as("the request's task_complete line")
          .containsExactly("last-answer");
      assertThat(receiver.spans(span -> "last-answer".equals(span.attribute("request.id"))))
          .as("the request's server span, flushed at exit")
          .hasSize(1);
    }
  }

  /** The tasks' request ids, as the agent echoed them. */
  private static List<String> sendTasks(ObservedApp app) {
    SampleAppClient client = new SampleAppClient(app);
    List<String> requestIds = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      SampleAppClient.Response response = client.postTask("last words " + i, null);
      assertThat(response.status()).isEqualTo(200);
      requestIds.add(response.requestId());
    }
    return requestIds;
  }

  private static List<ObjectNode> taskCompletions(ObservedApp app) {
    return JsonLines.parseStrict(app.stdoutLines()).all().stream()
        .filter(line -> JsonLines.hasEvent(line, "task_complete"))
        .filter(line -> SampleAppClient.TASK_PATH.equals(text(line, "endpoint")))
        .collect(Collectors.toList());
  }

  private static Set<String> completedTaskTraceIds(ObservedApp app) {
    return taskCompletions(app).stream()
        .map(line -> text(line, "trace_id"))
        .collect(Collectors.toSet());
  }
}
