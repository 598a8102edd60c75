/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code phases.include} on a program with no annotations yields what {@code @AgentPhase} on the
 * same program yields: the same log lines, spans and phase and token series. The program is {@code
 * probes/PhasePipeline.java}, run as written, with its annotations stripped, and stripped inside a
 * nested jar of a Spring Boot executable jar (Spring Boot's own class loader).
 */
class PhasesIncludeIT {

  /** The annotated probe's phases, said in configuration instead. */
  static final String PHASES_INCLUDE =
      "PhasePipeline$Agent#handle=agent:orchestrator;"
          + "PhasePipeline$Planner#plan=planning:planner;"
          + "PhasePipeline$Steps#*=execution;"
          + "PhasePipeline$Writer#summarise=synthesis:writer";

  private static final int TASKS = 3;

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  @Test
  void unannotatedProgramWithPhasesIncludeReportsWhatTheAnnotatedOneDoesAlsoInASpringBootJar() throws IOException {
    PipelineReport annotated;
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      int metricsPort = FreePorts.next();
      SourceProbe probe =
          output.watch(
              pipeline(SourceProbe.builder("PhasePipeline.java"), receiver, metricsPort)
                  .jvmOption("-cp", bootstrapJar().toString())
                  .start());
      try (probe) {
        annotated = PipelineReport.await(probe, receiver, metricsPort, TASKS);
        assertOneBannerLine(
            probe, "13 instrumentations (agent-phase, agent-cache, jdk-httpserver, servlet, javalin, java-http-client, http-url-connection, executor, fork-join, thread, langchain4j, openai, anthropic)");
      }
    }

    PipelineReport included;
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      int metricsPort = FreePorts.next();
      SourceProbe probe =
          output.watch(
              pipeline(
                      SourceProbe.builder(SourceProbe.withoutAnnotations("PhasePipeline.java")),
                      receiver,
                      metricsPort)
                  .agentArg("phases.include", PHASES_INCLUDE)
                  .start());
      try (probe) {
        included = PipelineReport.await(probe, receiver, metricsPort, TASKS);
        assertOneBannerLine(
            probe, "14 instrumentations (agent-phase, agent-cache, jdk-httpserver, servlet, javalin, java-http-client, http-url-connection, executor, fork-join, thread, langchain4j, openai, anthropic, methods)");
      }
    }

    PipelineReport bootJar;
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      int metricsPort = FreePorts.next();
      Path jar =
          SpringBootJar.build(
              SourceProbe.withoutAnnotations("PhasePipeline.java"), "PhasePipeline");
      SourceProbe probe =
          output.watch(
              pipeline(SourceProbe.builderForJar(jar), receiver, metricsPort)
                  .agentArg("phases.include", PHASES_INCLUDE)
                  .start());
      try (probe) {
        bootJar = PipelineReport.await(probe, receiver, metricsPort, TASKS);
        assertThat(probe.stderrLines())
            .as("the program's classes come from Spring Boot's class loader")
            .contains(
                "PhasePipeline: class loader"
                    + " org.springframework.boot.loader.launch.LaunchedClassLoader");
      }
    }

    assertThat(annotated.tasks()).as("tasks of the annotated run").hasSize(TASKS);
    assertThat(annotated.spans()).as("spans of the annotated run").hasSize(TASKS * 6);
    assertThat(annotated.tasks().get(0).toString())
        .contains("code_function=PhasePipeline$Planner.plan", "model=m-large");
    assertThat(included.tasks()).as("log lines per task").isEqualTo(annotated.tasks());
    assertThat(included.spans()).as("spans").isEqualTo(annotated.spans());
    assertThat(included.series()).as("phase and token series").isEqualTo(annotated.series());
    assertThat(bootJar.tasks()).as("log lines per task, Spring Boot jar").isEqualTo(annotated.tasks());
    assertThat(bootJar.spans()).as("spans, Spring Boot jar").isEqualTo(annotated.spans());
    assertThat(bootJar.series()).as("series, Spring Boot jar").isEqualTo(annotated.series());
    assertThat(included.series())
        .containsEntry(
            "agent_phase_duration_seconds_count{agent_type=writer, phase=synthesis, status=error}",
            1.0)
        .containsEntry(
            "agent_phase_duration_seconds_count{agent_type=orchestrator, phase=execution, status=ok}",
            6.0);
  }

  private static SourceProbe.Builder pipeline(
      SourceProbe.Builder builder, OtlpHttpReceiver receiver, int metricsPort) {
    return builder
        .agentArg("metrics.port", Integer.toString(metricsPort))
        .agentArg("metrics.start.delay.ms", "0")
        .agentArg("log.phase.level", "info")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .env("OTEL_SERVICE_NAME", "phase-pipeline")
        .env("OTEL_BSP_SCHEDULE_DELAY", "200")
        .args(Integer.toString(TASKS));
  }

  /** The agent said one line at start, its banner, and nothing else (all settings are valid). */
  static void assertOneBannerLine(SourceProbe probe, String... expected) {
    List<String> ours =
        Await.pollUntil(
            Duration.ofSeconds(5),
            () -> agentLines(probe),
            lines -> !lines.isEmpty());
    assertThat(ours).as("agent-obs lines on stderr").hasSize(1);
    assertThat(ours.get(0))
        .startsWith("agent-obs: ")
        .contains(" started: service phase-pipeline, metrics http://0.0.0.0:")
        .contains(", traces otlp http/protobuf http://127.0.0.1:")
        .contains(", logs stdout, ")
        .contains(expected);
  }

  static List<String> agentLines(SourceProbe probe) {
    return probe.stderrLines().stream()
        .filter(line -> line.startsWith("agent-obs:"))
        .collect(Collectors.toList());
  }

  static Path bootstrapJar() {
    return Path.of(
        System.getProperty("agentobs.repoRoot"),
        "bootstrap",
        "target",
        "agent-obs-bootstrap-0.1.0-SNAPSHOT.jar");
  }
}
