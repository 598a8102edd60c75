/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the agent reported about {@code probes/PhasePipeline.java}, with everything that differs
 * from run to run taken out (ids, timestamps, durations): log lines per task, spans, and the phase
 * and token series. Two reports of the same work are equal.
 */
final class PipelineReport {

  /** Event, phase and agent type of each line of a task whose summary succeeded. */
  static final List<String> SUCCEEDING_TASK =
      task("phase_complete synthesis writer", "phase_complete agent orchestrator", "task_complete");

  /** The same for a task whose summary failed (every third). */
  static final List<String> FAILING_TASK =
      task("phase_error synthesis writer", "phase_error agent orchestrator", "task_error");

  /**
   * A succeeding task's lines at the default {@code log.phase.level} (debug): its start and end
   * only.
   */
  static final List<String> SUCCEEDING_TASK_DEFAULT =
      List.of("task_start null null", "task_complete null null");

  /** A failing task's at the default: a failed phase's line stays an error line. */
  static final List<String> FAILING_TASK_DEFAULT =
      List.of(
          "task_start null null",
          "phase_error synthesis writer",
          "phase_error agent orchestrator",
          "task_error null null");

  private static final List<String> LOG_FIELDS =
      List.of(
          "event", "task", "phase", "agent_type", "code_function", "model", "input_tokens",
          "output_tokens", "tokens_used", "status", "error", "error_type", "level", "logger",
          "service");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<List<String>> tasks;
  private final List<String> spans;
  private final Map<String, Double> series;

  private PipelineReport(List<List<String>> tasks, List<String> spans, Map<String, Double> series) {
    this.tasks = tasks;
    this.spans = spans;
    this.series = series;
  }

  /**
   * Waits for {@code taskCount} finished tasks in the logs, their spans at the receiver and their
   * phases in the metrics, then takes the report.
   */
  static PipelineReport await(
      SourceProbe probe, OtlpHttpReceiver receiver, int metricsPort, int taskCount) {
    Duration timeout = Duration.ofSeconds(20);
    JsonLines logs =
        Await.pollUntil(
            timeout,
            () -> JsonLines.parseLenient(probe.stdoutLines()),
            lines -> finishedTasks(lines).size() >= taskCount);
    receiver.awaitSpans(span -> true, taskCount * 6, timeout);
    PrometheusText metrics =
        Await.pollUntil(
            timeout,
            () -> scrape(metricsPort),
            text ->
                text != null
                    && text.sum("agent_phase_duration_seconds_count", Map.of()) >= taskCount * 5);
    return new PipelineReport(
        taskShapes(JsonLines.parseStrict(probe.stdoutLines())),
        spanShapes(receiver.spans()),
        seriesOf(metrics));
  }

  /**
   * A task's lines up to the summary, then the given ending ({@code phase_start} is a debug event,
   * off at the default level).
   */
  private static List<String> task(String synthesisEnd, String agentEnd, String taskEnd) {
    return List.of(
        "task_start null null",
        "phase_complete planning planner",
        "phase_complete execution orchestrator",
        "phase_complete execution orchestrator",
        synthesisEnd,
        agentEnd,
        taskEnd + " null null");
  }

  /** Per finished task, in order: each log line's stable fields. */
  List<List<String>> tasks() {
    return tasks;
  }

  /** Per span: name, kind, status, parent's name and attributes but the request id; sorted. */
  List<String> spans() {
    return spans;
  }

  /** Phase counts by phase, agent type and status, and token counters by their labels. */
  Map<String, Double> series() {
    return series;
  }

  /** The request ids of the tasks that started and ended in these logs, in order. */
  static List<String> finishedTasks(JsonLines logs) {
    List<String> ids = new ArrayList<>();
    for (ObjectNode line : logs.all()) {
      if (JsonLines.hasEvent(line, "task_start")
          && !logs.events(text(line, "request_id"), "task_complete", "task_error").isEmpty()) {
        ids.add(text(line, "request_id"));
      }
    }
    return ids;
  }

  /** "event phase agent_type" of each line of a task. */
  static List<String> eventPhaseAgent(List<ObjectNode> lines) {
    return lines.stream()
        .map(l -> text(l, "event") + " " + text(l, "phase") + " " + text(l, "agent_type"))
        .collect(Collectors.toList());
  }

  static PrometheusText scrape(int port) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? PrometheusText.parse(response.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static List<List<String>> taskShapes(JsonLines logs) {
    List<List<String>> shapes = new ArrayList<>();
    for (String id : finishedTasks(logs)) {
      shapes.add(
          logs.forRequest(id).stream().map(PipelineReport::lineShape).collect(Collectors.toList()));
    }
    return shapes;
  }

  private static String lineShape(ObjectNode line) {
    Map<String, String> stable = new LinkedHashMap<>();
    for (String field : LOG_FIELDS) {
      String value = text(line, field);
      if (value != null) {
        stable.put(field, value);
      }
    }
    return stable.toString();
  }

  private static List<String> spanShapes(List<ReceivedSpan> spans) {
    Map<String, String> names = new LinkedHashMap<>();
    for (ReceivedSpan span : spans) {
      names.put(span.spanId(), span.name());
    }
    List<String> shapes = new ArrayList<>();
    for (ReceivedSpan span : spans) {
      Map<String, Object> attributes = new TreeMap<>(span.attributes());
      attributes.remove("request.id");
      shapes.add(
          span.name() + " " + span.kind() + " " + span.statusCode()
              + " parent=" + names.getOrDefault(span.parentSpanId(), "-") + " " + attributes);
    }
    shapes.sort(null);
    return shapes;
  }

  private static Map<String, Double> seriesOf(PrometheusText metrics) {
    Map<String, Double> series = new TreeMap<>();
    for (PrometheusText.Sample sample : metrics.samples()) {
      if (sample.name().equals("agent_phase_duration_seconds_count")
          || sample.name().equals("agent_tokens_used_total")) {
        series.put(sample.name() + new TreeMap<>(sample.labels()), sample.value());
      }
    }
    return series;
  }
}
