/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentobs.it.llmstub.ProbeOutcome;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A probe program ({@code probes/*SdkCalls.java}) calling an official LLM SDK against a stub
 * server, with the agent attached and exporting spans to a real OTLP receiver; each of its calls
 * is a top-level phase, hence a task of its own named after the phase. Once the probe made every
 * call, what the agent reported is at hand: log lines by task, spans, the metrics sidecar.
 */
final class LlmProbeRun implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final SourceProbe probe;
  private final OtlpHttpReceiver receiver;
  private final int metricsPort;

  private LlmProbeRun(SourceProbe probe, OtlpHttpReceiver receiver, int metricsPort) {
    this.probe = probe;
    this.receiver = receiver;
    this.metricsPort = metricsPort;
  }

  /**
   * Runs {@code probes/<source>} with the stub's base URL and waits until it made all its calls
   * and the agent logged {@code tasks} finished tasks; {@code agentArgs} are more agent settings, as
   * key, value pairs.
   */
  static LlmProbeRun start(
      SourceProbe.OutputOnFailure output,
      OtlpHttpReceiver receiver,
      String source,
      String baseUrl,
      int tasks,
      String... agentArgs) {
    int metricsPort = FreePorts.next();
    // every phase's line: it carries the phase's roll-up of its calls
    SourceProbe.Builder builder = SourceProbe.builder(source).agentArg("log.phase.level", "info");
    for (int i = 0; i + 1 < agentArgs.length; i += 2) {
      builder.agentArg(agentArgs[i], agentArgs[i + 1]);
    }
    SourceProbe probe =
        output.watch(
            builder
                .agentArg("metrics.port", Integer.toString(metricsPort))
                .jvmOption("-cp", ProbeClassPath.ofTestClassPath())
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_BSP_SCHEDULE_DELAY", "200")
                .args(baseUrl)
                .start());
    LlmProbeRun run = new LlmProbeRun(probe, receiver, metricsPort);
    Await.pollUntil(TIMEOUT, probe::stderrLines, lines -> lines.contains(ProbeOutcome.DONE)
        || !probe.isAlive());
    assertThat(probe.isAlive()).as("the probe is still up after its calls").isTrue();
    Await.pollUntil(
        TIMEOUT, run::logs,
        logs -> logs.all().stream()
            .filter(l -> "task_complete".equals(text(l, "event"))
                || "task_error".equals(text(l, "event")))
            .count() >= tasks);
    return run;
  }

  /** What the probe's call in {@code phase} gave the application, as the probe printed it. */
  String outcome(String phase) {
    String prefix = phase + ": ";
    return probe.stderrLines().stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome of " + phase));
  }

  JsonLines logs() {
    return JsonLines.parseStrict(probe.stdoutLines());
  }

  /** The agent's log lines of the task that the top-level phase {@code phase} started. */
  List<ObjectNode> task(String phase) {
    JsonLines logs = logs();
    List<String> ids =
        logs.all().stream()
            .filter(l -> "task_start".equals(text(l, "event")) && phase.equals(text(l, "task")))
            .map(l -> text(l, "request_id"))
            .collect(Collectors.toList());
    assertThat(ids).as("tasks started by phase %s", phase).hasSize(1);
    return logs.forRequest(ids.get(0));
  }

  /** The spans of the task that {@code phase} started, once its {@code count} spans arrived. */
  List<ReceivedSpan> spans(String phase, int count) {
    String requestId = text(task(phase).get(0), "request_id");
    return Await.pollUntil(
        TIMEOUT,
        () -> receiver.spans(s -> requestId.equals(s.attribute("request.id"))),
        spans -> spans.size() >= count);
  }

  /** The {@code chat {model}} span of the task that {@code phase} started, once it arrived. */
  ReceivedSpan llmSpan(String phase) {
    String requestId = text(task(phase).get(0), "request_id");
    return Await.pollUntil(
            TIMEOUT,
            () -> receiver.spans(s -> requestId.equals(s.attribute("request.id"))
                && s.name().startsWith("chat ")),
            spans -> !spans.isEmpty())
        .get(0);
  }

  /** Every line the agent wrote, as one text. */
  String stdout() {
    return String.join("\n", probe.stdoutLines());
  }

  /**
   * The sidecar's metrics. A probe starts no HTTP server of its own, so the sidecar opens {@code
   * metrics.start.delay.ms} (3 s by default) after the signals activate: the log lines {@link
   * #start} waited for can come before it, and a refused connection is tried again until {@code
   * TIMEOUT}.
   */
  PrometheusText metrics() {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("metrics sidecar").isEqualTo(200);
        return PrometheusText.parse(response.body());
      } catch (ConnectException e) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("metrics sidecar on port " + metricsPort, e);
        }
        Await.sleep(Duration.ofMillis(100));
      } catch (java.io.IOException e) {
        throw new AssertionError("metrics sidecar on port " + metricsPort, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    probe.close();
  }
}
