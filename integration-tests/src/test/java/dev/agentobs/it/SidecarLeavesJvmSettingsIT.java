/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics sidecar is Prometheus's {@code HTTPServer}, itself a JDK {@code HttpServer}: loading
 * it sets {@code sun.net.httpserver.maxReqTime}/{@code maxRspTime}, and the JDK reads every {@code
 * sun.net.httpserver.*} setting once, when the first server is created. The app's settings must end
 * up exactly as the app made them (DESIGN.md, "Known traps").
 *
 * <p>The app is {@code probes/HttpSettingsProbe.java}, run in source-file mode.
 */
class SidecarLeavesJvmSettingsIT {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final String PROBE = "HttpSettingsProbe.java";

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void appThatStartsItsOwnServerKeepsItsSettings() {
    int[] ports = FreePorts.next(2);
    int appPort = ports[0];
    int metricsPort = ports[1];
    try (SourceProbe app =
        output.watch(
            SourceProbe.builder(PROBE)
                .agentArg("metrics.port", Integer.toString(metricsPort))
                // ServerConfig is package-private: the probe reads it reflectively
                .jvmOption("--add-opens", "jdk.httpserver/sun.net.httpserver=ALL-UNNAMED")
                .env("OTEL_TRACES_EXPORTER", "none")
                .args(Integer.toString(appPort))
                .start())) {
      HttpResponse<String> props =
          Await.pollUntil(
              STARTUP_TIMEOUT,
              () -> app.isAlive() ? get(appPort, "/props") : null,
              response -> response != null || !app.isAlive());
      assertThat(props).as("GET /props answered (probe alive: %s)", app.isAlive()).isNotNull();
      assertThat(props.statusCode()).isEqualTo(200);

      JsonNode seen = JsonLines.parseObject(props.body());
      assertThat(seen.get("maxReqTime").isNull())
          .as("sun.net.httpserver.maxReqTime as the app sees it (never set by the app): %s", seen)
          .isTrue();
      assertThat(seen.get("maxRspTime").isNull())
          .as("sun.net.httpserver.maxRspTime as the app sees it (never set by the app): %s", seen)
          .isTrue();
      assertThat(seen.path("noDelay").asBoolean(false))
          .as("ServerConfig.noDelay(): nodelay=true, set after the agent started: %s", seen)
          .isTrue();
      assertThat(seen.path("effectiveMaxReqTime").asLong())
          .as("ServerConfig.getMaxReqTime(): the JDK default, no limit: %s", seen)
          .isEqualTo(-1);
      assertThat(seen.path("effectiveMaxRspTime").asLong())
          .as("ServerConfig.getMaxRspTime(): the JDK default, no limit: %s", seen)
          .isEqualTo(-1);

      Map<String, String> propsRequest =
          Map.of("method", "GET", "endpoint", "/props", "status", "200");
      PrometheusText metrics =
          Await.pollUntil(
              STARTUP_TIMEOUT,
              () -> scrape(metricsPort),
              scrape ->
                  scrape != null && scrape.value("agent_requests_total", propsRequest) >= 1);
      assertThat(metrics).as("the sidecar on port %s answers /metrics", metricsPort).isNotNull();
      assertThat(metrics.value("agent_requests_total", propsRequest))
          .as("agent_requests_total of the one GET /props, in\n%s", metrics)
          .isEqualTo(1.0);
      JsonLines.parseStrict(app.stdoutLines());
    }
  }

  @Test
  void appWithoutAServerFindsThePropertiesUnset(@TempDir Path dir) throws IOException {
    int metricsPort = FreePorts.next();
    Path propsFile = dir.resolve("props.json");
    try (SourceProbe app =
        output.watch(
            SourceProbe.builder(PROBE)
                .agentArg("metrics.port", Integer.toString(metricsPort))
                .agentArg("metrics.start.delay.ms", "500")
                .env("OTEL_TRACES_EXPORTER", "none")
                .args("--no-server", propsFile.toString(), "5000")
                .start())) {
      PrometheusText metrics =
          Await.pollUntil(
              STARTUP_TIMEOUT,
              () -> app.isAlive() ? scrape(metricsPort) : null,
              scrape -> scrape != null || !app.isAlive());
      assertThat(metrics)
          .as("the sidecar answered /metrics while the probe ran (alive: %s)", app.isAlive())
          .isNotNull();
      assertThat(metrics.has("jvm_memory_used_bytes")).as("JVM metrics served").isTrue();
      assertThat(Files.exists(propsFile))
          .as("the probe read its properties only after the sidecar had started")
          .isFalse();

      assertThat(app.awaitExit(STARTUP_TIMEOUT)).as("the probe exits by itself").isTrue();
      assertThat(app.exitValue()).isZero();
      JsonNode seen = JsonLines.parseObject(Files.readString(propsFile));
      assertThat(seen.get("maxReqTime").isNull())
          .as("sun.net.httpserver.maxReqTime after the sidecar started: %s", seen)
          .isTrue();
      assertThat(seen.get("maxRspTime").isNull())
          .as("sun.net.httpserver.maxRspTime after the sidecar started: %s", seen)
          .isTrue();
      JsonLines.parseStrict(app.stdoutLines());
    }
  }

  private PrometheusText scrape(int metricsPort) {
    HttpResponse<String> response = get(metricsPort, "/metrics");
    return response != null && response.statusCode() == 200
        ? PrometheusText.parse(response.body())
        : null;
  }

  /** One GET to 127.0.0.1, or null if nothing answered. */
  private HttpResponse<String> get(int port, String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
