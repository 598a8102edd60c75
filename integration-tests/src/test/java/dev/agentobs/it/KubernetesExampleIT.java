/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code config/kubernetes.yaml}: the agent settings it gives load without a complaint, its ports
 * agree, the jar path in {@code JAVA_TOOL_OPTIONS} is where the init container puts it; and
 * {@code JAVA_TOOL_OPTIONS} with {@code AGENT_OBS_*} variables alone does attach and configure the
 * agent.
 */
class KubernetesExampleIT {

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  @Test
  void theExampleDeploymentConfiguresTheAgentConsistently() throws IOException {
    Map<String, JsonNode> manifests = manifests();
    JsonNode pod = manifests.get("Deployment").path("spec").path("template");
    JsonNode app = pod.path("spec").path("containers").get(0);
    JsonNode init = pod.path("spec").path("initContainers").get(0);
    Map<String, String> env = literalEnv(app);

    String agentMount = mountPath(app, "agent-obs");
    assertThat(mountPath(init, "agent-obs")).isEqualTo(agentMount);
    assertThat(init.path("command").toString()).contains(agentMount + "/agent-obs.jar");
    assertThat(env.get("JAVA_TOOL_OPTIONS")).isEqualTo("-javaagent:" + agentMount + "/agent-obs.jar");

    String metricsPort = env.get("AGENT_OBS_METRICS_PORT");
    assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText())
        .isEqualTo(metricsPort);
    assertThat(containerPort(app, "metrics")).isEqualTo(metricsPort);
    JsonNode monitor = manifests.get("ServiceMonitor").path("spec");
    assertThat(monitor.path("endpoints").get(0).path("port").asText()).isEqualTo("metrics");
    assertThat(monitor.path("selector").path("matchLabels"))
        .isEqualTo(pod.path("metadata").path("labels"));

    // as kubectl exec into the pod would run it, with the container's environment: the jar that
    // JAVA_TOOL_OPTIONS names is loaded as an agent into the command line too, and must stay quiet
    AgentJarCommand.Builder printConfig = AgentJarCommand.builder().args("--print-config");
    env.forEach(printConfig::env);
    printConfig.env(
        "JAVA_TOOL_OPTIONS",
        env.get("JAVA_TOOL_OPTIONS").replace(agentMount + "/agent-obs.jar", BuiltJars.agent().toString()));
    AgentJarCommand report = printConfig.run();
    assertThat(report.exitCode()).as("%s", report).isZero();
    assertThat(report.stderrLines())
        .as("complaints about the example's settings, or an agent started in the command line")
        .singleElement()
        .asString()
        .startsWith("Picked up JAVA_TOOL_OPTIONS: -javaagent:");
    assertThat(report.stdoutLines().get(0))
        .contains(
            "service research-agent",
            "metrics http://0.0.0.0:" + metricsPort + "/metrics",
            "traces otlp http/protobuf http://otel-collector.observability:4318",
            "13 instrumentations (agent-phase, jdk-httpserver, servlet, javalin, java-http-client, http-url-connection, executor, fork-join, thread, langchain4j, openai, anthropic, methods)");
  }

  @Test
  void javaToolOptionsAndEnvironmentAloneAttachAndConfigureTheAgent() throws IOException {
    int metricsPort = FreePorts.next();
    try (SourceProbe probe =
        output.watch(
            SourceProbe.builder(SourceProbe.withoutAnnotations("PhasePipeline.java"))
                .withoutAgent()
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + BuiltJars.agent())
                .env("AGENT_OBS_METRICS_PORT", Integer.toString(metricsPort))
                .env("AGENT_OBS_METRICS_START_DELAY_MS", "0")
                .env("AGENT_OBS_PHASES_INCLUDE", PhasesIncludeIT.PHASES_INCLUDE)
                .env("OTEL_TRACES_EXPORTER", "none")
                .env("OTEL_SERVICE_NAME", "phase-pipeline")
                .args("3")
                .start())) {
      JsonLines logs =
          Await.pollUntil(
              Duration.ofSeconds(20),
              () -> JsonLines.parseLenient(probe.stdoutLines()),
              lines -> PipelineReport.finishedTasks(lines).size() >= 3);
      List<String> tasks = PipelineReport.finishedTasks(logs);
      assertThat(tasks).hasSize(3);
      assertThat(PipelineReport.eventPhaseAgent(logs.forRequest(tasks.get(0))))
          .as("a task's lines at the default log.phase.level: no line for a completed phase")
          .isEqualTo(PipelineReport.SUCCEEDING_TASK_DEFAULT);
      assertThat(PipelineReport.eventPhaseAgent(logs.forRequest(tasks.get(2))))
          .isEqualTo(PipelineReport.FAILING_TASK_DEFAULT);
      PrometheusText metrics =
          Await.pollUntil(
              Duration.ofSeconds(20), () -> PipelineReport.scrape(metricsPort), m -> m != null);
      assertThat(metrics.has("agent_phase_duration_seconds_count")).isTrue();
      assertThat(probe.stderrLines()).anyMatch(line -> line.startsWith("Picked up JAVA_TOOL_OPTIONS"));
      assertThat(PhasesIncludeIT.agentLines(probe))
          .singleElement()
          .asString()
          .contains("traces off", "14 instrumentations");
      JsonLines.parseStrict(probe.stdoutLines());
    }
  }

  private static Map<String, JsonNode> manifests() throws IOException {
    Path file = Path.of(System.getProperty("agentobs.repoRoot"), "config", "kubernetes.yaml");
    Map<String, JsonNode> byKind = new LinkedHashMap<>();
    try (MappingIterator<JsonNode> documents =
        new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
      for (JsonNode document : documents.readAll()) {
        byKind.put(document.path("kind").asText(), document);
      }
    }
    assertThat(byKind).containsOnlyKeys("Deployment", "Service", "ServiceMonitor");
    return byKind;
  }

  /** The container's variables with a literal value (not valueFrom, no $(...) reference). */
  private static Map<String, String> literalEnv(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode variable : container.path("env")) {
      String value = variable.path("value").asText(null);
      if (value != null && !value.contains("$(")) {
        env.put(variable.path("name").asText(), value);
      }
    }
    return env;
  }

  private static String mountPath(JsonNode container, String volume) {
    List<String> paths = new ArrayList<>();
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("name").asText().equals(volume)) {
        paths.add(mount.path("mountPath").asText());
      }
    }
    assertThat(paths).as("mounts of volume %s in %s", volume, container.path("name")).hasSize(1);
    return paths.get(0);
  }

  private static String containerPort(JsonNode container, String name) {
    for (JsonNode port : container.path("ports")) {
      if (port.path("name").asText().equals(name)) {
        return port.path("containerPort").asText();
      }
    }
    throw new AssertionError("no port named " + name + " in " + container.path("ports"));
  }
}
