/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host behaves exactly as without the agent: the same programs, run once bare and once with
 * the agent, return the same values, throw the same exceptions (type, message, cause chain,
 * suppressed, stack frames to the line) and answer the same statuses, headers and bodies. The only
 * difference allowed on the wire is the {@code X-Request-ID} the agent echoes.
 */
class TransparencyIT {

  private static final Duration READY = Duration.ofSeconds(60);

  @RegisterExtension final SourceProbe.OutputOnFailure probes = new SourceProbe.OutputOnFailure();
  @RegisterExtension final AppOutputOnFailure apps = new AppOutputOnFailure();

  private final HttpExchanges exchanges = new HttpExchanges();

  @Test
  void phasesAndHandlersReturnAndThrowExactlyAsWithoutTheAgent() throws Exception {
    int[] ports = FreePorts.next(3);
    try (SourceProbe bare = probes.watch(probe(ports[0]).withoutAgent().start());
        SourceProbe agent =
            probes.watch(
                probe(ports[1])
                    .agentArg("metrics.port", Integer.toString(ports[2]))
                    .agentArg("traces.enabled", "false")
                    .start())) {
      List<String> bareResults = awaitResults(bare);
      List<String> agentResults = awaitResults(agent);

      assertThat(agentResults).as("what each phase returned or threw").isEqualTo(bareResults);
      assertThat(bareResults)
          .as("the probe exercised every outcome")
          .hasSize(13)
          .anyMatch(r -> r.contains("threw TransparencyProbe$ToolFailure"))
          .anyMatch(r -> r.contains("caused by java.io.IOException: disk gone"))
          .anyMatch(r -> r.contains("[suppressed java.lang.IllegalStateException"))
          .anyMatch(r -> r.contains("threw java.lang.InterruptedException"))
          .anyMatch(r -> r.startsWith("RESULT hostile: returned hostile value"));

      assertThat(conversation(port -> URI.create("http://127.0.0.1:" + ports[1])))
          .as("what the app served with the agent")
          .isEqualTo(conversation(port -> URI.create("http://127.0.0.1:" + ports[0])));

      PrometheusText metrics =
          Await.pollUntil(READY, () -> scrape(ports[2]),
              m -> m != null && m.sum("agent_obs_internal_errors_total", Map.of()) >= 1);
      assertThat(metrics.sum("agent_obs_internal_errors_total", Map.of()))
          .as("the hostile return value broke the agent's token reading, counted")
          .isGreaterThanOrEqualTo(1);
      JsonLines logs = JsonLines.parseStrict(agent.stdoutLines());
      assertThat(logs.all())
          .as("the agent still reported the phases, failures included")
          .filteredOn(line -> JsonLines.hasEvent(line, "phase_error"))
          .hasSizeGreaterThanOrEqualTo(6);
    }
  }

  @Test
  void theSampleServiceAnswersExactlyAsWithoutTheAgent() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        ObservedApp bare = apps.watch(ObservedApp.builder(receiver).withoutAgent().start());
        ObservedApp agent = apps.watch(ObservedApp.builder(receiver).start())) {
      List<String> withAgent = sampleConversation(agent);
      assertThat(withAgent).isEqualTo(sampleConversation(bare));
      assertThat(withAgent)
          .extracting(line -> line.split(" ")[3])
          .as("statuses covered")
          .contains("200", "400", "404", "405", "500");
    }
  }

  private List<String> sampleConversation(ObservedApp app) {
    String task = SampleAppClient.TASK_PATH;
    return List.of(
        exchanges.describe(app.uri(task), "POST",
            json("{\"task\":\"transparent task\",\"user_id\":\"u1\"}"),
            "Content-Type", "application/json"),
        exchanges.describe(app.uri(task), "POST",
            json("{\"task\":\"failing task\",\"user_id\":\"u1\",\"simulate\":\"error\"}"),
            "Content-Type", "application/json"),
        exchanges.describe(app.uri(task), "POST", json("{not json"),
            "Content-Type", "application/json"),
        exchanges.describe(app.uri(task), "GET", null),
        exchanges.describe(app.uri("/api/v1/nothing"), "POST", json("{}")),
        exchanges.describe(app.uri("/health"), "GET", null, "X-Request-ID", "client-chosen-id"));
  }

  private List<String> conversation(Function<Integer, URI> base) {
    URI root = base.apply(0);
    byte[] binary = new byte[4096];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 31);
    }
    List<String> said = new ArrayList<>();
    said.add(exchanges.describe(root.resolve("/ok"), "GET", null));
    said.add(exchanges.describe(root.resolve("/phase-error"), "GET", null));
    said.add(exchanges.describe(root.resolve("/throws"), "GET", null));
    said.add(exchanges.describe(root.resolve("/empty"), "GET", null));
    said.add(exchanges.describe(root.resolve("/stream"), "GET", null));
    said.add(exchanges.describe(root.resolve("/echo"), "POST", binary,
        "X-Request-ID", "caller-id-1"));
    said.add(exchanges.describe(root.resolve("/ok"), "HEAD", null));
    return said;
  }

  private static SourceProbe.Builder probe(int port) {
    return SourceProbe.builder("TransparencyProbe.java")
        .jvmOption("-cp", BuiltJars.bootstrap().toString())
        .args(Integer.toString(port));
  }

  private static List<String> awaitResults(SourceProbe probe) {
    Await.pollUntil(READY, probe::stderrLines,
        lines -> lines.contains("TransparencyProbe: serving") || !probe.isAlive());
    assertThat(probe.isAlive()).as("the probe serves").isTrue();
    return probe.stderrLines().stream()
        .filter(line -> line.startsWith("RESULT "))
        .collect(Collectors.toList());
  }

  /** The probe's sidecar metrics, or null while it does not answer. */
  private static PrometheusText scrape(int port) {
    try {
      return PrometheusText.parse(
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body());
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
