/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the agent's configuration reaches it from the command line and the environment: precedence,
 * bad values, the standard {@code OTEL_*} switches. One app per test.
 */
class AgentConfigIT {

  @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();

  @RegisterExtension final OtlpHttpReceiver receiver = OtlpHttpReceiver.forEachTest();

  @Test
  void invalidLogLevelIsReportedOnceAndTheAppKeepsServing() {
    try (ObservedApp app =
        output.watch(
            ObservedApp.builder(receiver).jvmOption("-Dagent.obs.log.level=loud").start())) {
      SampleAppClient.Response response =
          new SampleAppClient(app).postTask("check the config handling", null);

      assertThat(response.status()).as("task answered despite the bad setting").isEqualTo(200);
      List<String> complaints =
          app.stderrLines().stream()
              .filter(line -> line.contains("log.level") && line.contains("loud"))
              .collect(Collectors.toList());
      assertThat(complaints)
          .as("stderr lines naming log.level and the bad value, in %s", app.stderrLines())
          .hasSize(1);
      awaitTaskComplete(app, response.requestId());
      JsonLines.parseStrict(app.stdoutLines());
    }
  }

  @Test
  void aTakenMetricsPortTurnsMetricsOffInOneLineAndTheAppRuns() throws IOException {
    int port = FreePorts.next();
    try (java.net.ServerSocket squatter =
            new java.net.ServerSocket(port, 50, InetAddress.getByName("0.0.0.0"));
        ObservedApp app =
            output.watch(
                ObservedApp.builder(receiver).metricsPort(port).awaitMetrics(false)
                    .agentArg("log.queue.size", "notanumber")
                    .agentArg("metrics.colour", "blue")
                    .start())) {
      SampleAppClient.Response response = new SampleAppClient(app).postTask("port taken", null);

      assertThat(response.status()).isEqualTo(200);
      awaitTaskComplete(app, response.requestId());
      Await.sleep(Duration.ofSeconds(2)); // the sidecar starts in the background
      assertThat(app.stderrLines())
          .as("one line each: the taken port, the bad value, the unknown key")
          .filteredOn(line -> line.startsWith("agent-obs:"))
          .anySatisfy(line -> assertThat(line).contains("metrics port " + port)
              .contains("already in use"))
          .anySatisfy(line -> assertThat(line).contains("log.queue.size").contains("notanumber"))
          .anySatisfy(line -> assertThat(line).contains("unknown setting")
              .contains("metrics.colour"));
      assertThat(app.stderrLines())
          .filteredOn(line -> line.contains("already in use"))
          .hasSize(1);
      assertThat(squatter.isClosed()).isFalse();
    }
  }

  @Test
  void agentArgumentsWinOverSystemProperties() {
    int[] ports = FreePorts.next(2);
    int fromAgentArgs = ports[0];
    int fromSystemProperty = ports[1];
    try (ObservedApp app =
        output.watch(
            ObservedApp.builder(receiver)
                .metricsPort(fromAgentArgs)
                .jvmOption("-Dagent.obs.metrics.port=" + fromSystemProperty)
                .start())) {
      // start() already waited for the sidecar on the agent-argument port
      assertThat(app.scrapeMetrics().has("jvm_memory_used_bytes"))
          .as("metrics served on the agent-argument port %s", fromAgentArgs)
          .isTrue();
      assertThat(listening(fromSystemProperty))
          .as("something listens on the system-property port %s", fromSystemProperty)
          .isFalse();
      assertThat(app.stderrLines().stream().filter(line -> line.contains("metrics.port")))
          .as("complaints about metrics.port: both values are valid")
          .isEmpty();
    }
  }

  @Test
  void tracesExporterNoneSendsNoSpans() {
    try (ObservedApp app =
        output.watch(ObservedApp.builder(receiver).env("OTEL_TRACES_EXPORTER", "none").start())) {
      SampleAppClient.Response response =
          new SampleAppClient(app).postTask("run without trace export", null);

      assertThat(response.status()).isEqualTo(200);
      awaitTaskComplete(app, response.requestId());
      Await.sleep(Duration.ofSeconds(2)); // ten export intervals of OTEL_BSP_SCHEDULE_DELAY
      assertThat(receiver.spans()).as("spans exported with OTEL_TRACES_EXPORTER=none").isEmpty();
      assertThat(receiver.problems()).isEmpty();
      JsonLines.parseStrict(app.stdoutLines());
    }
  }

  private static void awaitTaskComplete(ObservedApp app, String requestId) {
    JsonLines logs =
        Await.pollUntil(
            Duration.ofSeconds(10),
            () -> JsonLines.parseLenient(app.stdoutLines()),
            lines -> !lines.events(requestId, "task_complete").isEmpty());
    assertThat(logs.events(requestId, "task_complete"))
        .as("task_complete of request %s", requestId)
        .hasSize(1);
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }
}
