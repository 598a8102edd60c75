/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code java -jar agent-obs.jar attach <pid>} on a running {@code probes/PhasePipeline.java} that
 * was started without the agent and has been running (its classes loaded and their methods called)
 * before the attach: from then on its phases are observed, as with {@code -javaagent}.
 */
class AttachIT {

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  @RegisterExtension final OtlpHttpReceiver receiver = OtlpHttpReceiver.forEachTest();

  @Test
  void attachedToAnUnannotatedProgramTheAgentObservesTheIncludedPhases() {
    int metricsPort = FreePorts.next();
    try (SourceProbe app =
        output.watch(
            running(SourceProbe.builder(SourceProbe.withoutAnnotations("PhasePipeline.java"))))) {
      AgentJarCommand attach =
          AgentJarCommand.run(
              "attach",
              Long.toString(app.pid()),
              "metrics.port=" + metricsPort,
              "metrics.start.delay.ms=0",
              "log.phase.level=info",
              "phases.include=" + PhasesIncludeIT.PHASES_INCLUDE);

      assertThat(attach.exitCode()).as("%s", attach).isZero();
      assertThat(attach.stdoutLines())
          .as("%s", attach)
          .singleElement()
          .asString()
          .startsWith("agent-obs: attached to process " + app.pid() + ": agent-obs ")
          .contains("14 instrumentations (agent-phase, agent-cache, jdk-httpserver, servlet, javalin, java-http-client, http-url-connection, executor, fork-join, thread, langchain4j, openai, anthropic, methods)")
          // Agent, Planner, Steps and Writer: all loaded and run before the attach
          .endsWith("attached: 4 loaded classes instrumented");
      assertThat(attach.stderrLines()).as("%s", attach).isEmpty();
      assertObservedAsWithJavaagent(app, metricsPort);
      assertThat(PhasesIncludeIT.agentLines(app))
          .as("the attached agent's lines on the app's stderr")
          .singleElement()
          .asString()
          .contains("attached: 4 loaded classes instrumented");

      AgentJarCommand again = AgentJarCommand.run("attach", Long.toString(app.pid()));
      assertThat(again.exitCode()).as("%s", again).isZero();
      assertThat(again.stdoutLines())
          .as("%s", again)
          .singleElement()
          .asString()
          .startsWith("agent-obs: process " + app.pid() + " already runs agent-obs");
      assertThat(PhasesIncludeIT.agentLines(app)).as("lines after a second attach").hasSize(1);
    }
  }

  @Test
  void attachedToAnAnnotatedProgramTheAgentInstrumentsItsLoadedPhaseClasses() {
    int metricsPort = FreePorts.next();
    try (SourceProbe app =
        output.watch(
            running(
                SourceProbe.builder("PhasePipeline.java")
                    .jvmOption("-cp", PhasesIncludeIT.bootstrapJar().toString())))) {
      AgentJarCommand attach =
          AgentJarCommand.run(
              "attach",
              Long.toString(app.pid()),
              "metrics.port=" + metricsPort + ",metrics.start.delay.ms=0,log.phase.level=info");

      assertThat(attach.exitCode()).as("%s", attach).isZero();
      assertThat(attach.stdoutLines())
          .as("%s", attach)
          .singleElement()
          .asString()
          .contains("13 instrumentations (agent-phase, agent-cache, jdk-httpserver, servlet, javalin, java-http-client, http-url-connection, executor, fork-join, thread, langchain4j, openai, anthropic)")
          .endsWith("attached: 4 loaded classes instrumented");
      assertObservedAsWithJavaagent(app, metricsPort);
    }
  }

  /** The app, without the agent, once it has run a few tasks. */
  private SourceProbe running(SourceProbe.Builder builder) {
    SourceProbe app =
        builder
            .withoutAgent()
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .env("OTEL_SERVICE_NAME", "phase-pipeline")
            .env("OTEL_BSP_SCHEDULE_DELAY", "200")
            .args("forever")
            .start();
    List<String> stderr =
        Await.pollUntil(
            Duration.ofSeconds(30),
            app::stderrLines,
            lines -> lines.contains("PhasePipeline: run 2") || !app.isAlive());
    assertThat(stderr).as("the app ran its first tasks").contains("PhasePipeline: run 2");
    return app;
  }

  /** Finished tasks after the first one that ran wholly instrumented (a root task "agent"). */
  private static List<String> wholeTasksAfterTheFirst(JsonLines logs) {
    List<String> tasks = PipelineReport.finishedTasks(logs);
    int firstWhole = 0;
    while (firstWhole < tasks.size()
        && !"agent".equals(JsonLines.text(logs.forRequest(tasks.get(firstWhole)).get(0), "task"))) {
      firstWhole++;
    }
    return tasks.subList(Math.min(firstWhole + 1, tasks.size()), tasks.size());
  }

  /**
   * Tasks finished after the attach look like those of a run with {@code -javaagent}, in logs,
   * spans and metrics. The first whole one may have begun before its class was re-instrumented, so
   * it is not looked at.
   */
  private void assertObservedAsWithJavaagent(SourceProbe app, int metricsPort) {
    // a task under way while the classes were re-instrumented one by one shows as root tasks of its
    // later phases (how many depends on timing); every task that starts after the first whole one
    // is whole, so wait for three of those
    JsonLines logs =
        Await.pollUntil(
            Duration.ofSeconds(30),
            () -> JsonLines.parseLenient(app.stdoutLines()),
            lines -> wholeTasksAfterTheFirst(lines).size() >= 3);
    List<String> tasks = PipelineReport.finishedTasks(logs);
    List<String> whole = wholeTasksAfterTheFirst(logs);
    assertThat(whole).as("whole tasks after the attach, in %s", tasks).hasSizeGreaterThanOrEqualTo(3);
    for (String id : whole) {
      List<ObjectNode> lines = logs.forRequest(id);
      assertThat(PipelineReport.eventPhaseAgent(lines))
          .as("log lines of task %s", id)
          .isIn(PipelineReport.SUCCEEDING_TASK, PipelineReport.FAILING_TASK);
    }
    List<ReceivedSpan> synthesis =
        receiver.awaitSpans(span -> span.name().equals("synthesis"), 3, Duration.ofSeconds(20));
    assertThat(synthesis)
        .allSatisfy(span -> assertThat(span.attribute("agent.type")).isEqualTo("writer"));
    PrometheusText metrics =
        Await.pollUntil(
            Duration.ofSeconds(20),
            () -> PipelineReport.scrape(metricsPort),
            text -> text != null && text.has("agent_phase_duration_seconds_count"));
    assertThat(
            metrics.value(
                "agent_phase_duration_seconds_count",
                Map.of("phase", "planning", "agent_type", "planner", "status", "ok")))
        .as("planning phases in the metrics")
        .isPositive();
    assertThat(
            metrics.value(
                "agent_tokens_used_total",
                Map.of("model", "m-large", "agent_type", "writer", "token_type", "input")))
        .as("input tokens of the summaries")
        .isPositive();
    JsonLines.parseStrict(app.stdoutLines());
  }
}
