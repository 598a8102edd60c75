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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 10,000 distinct URLs that no route template covers and no id folding shortens (words, not ids)
 * must not make 10,000 series: the {@code endpoint} label keeps its first {@code
 * metrics.endpoint.limit} values and counts the rest under {@code other}, with the overflow counted
 * and said once on stderr.
 */
class EndpointCardinalityIT {

  private static final int URLS = 10_000;
  private static final int LIMIT = 25;

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  @Test
  void tenThousandDistinctUrlsStayWithinTheEndpointCap() {
    int[] ports = FreePorts.next(2);
    try (SourceProbe worker =
        output.watch(
            SourceProbe.builder("TwoServices.java")
                .agentArg("metrics.port", Integer.toString(ports[1]))
                .agentArg("metrics.endpoint.limit", Integer.toString(LIMIT))
                .agentArg("logs.enabled", "false")
                .env("OTEL_TRACES_EXPORTER", "none")
                .args("worker", Integer.toString(ports[0]))
                .start())) {
      assertThat(ServiceProcess.awaitPort(ports[0], Duration.ofSeconds(60))
              && ServiceProcess.awaitPort(ports[1], Duration.ofSeconds(60)))
          .as("worker listening")
          .isTrue();

      sendDistinctUrls(ports[0]);

      PrometheusText metrics =
          Await.pollUntil(
              Duration.ofSeconds(30),
              () -> ServiceProcess.scrape(ports[1]),
              m -> m.sum("agent_requests_total", Map.of("status", "404")) >= URLS);
      assertThat(metrics.sum("agent_requests_total", Map.of("status", "404"))).isEqualTo(URLS);
      Set<String> endpoints =
          metrics.matching("agent_requests_total", Map.of()).stream()
              .map(sample -> sample.labels().get("endpoint"))
              .collect(Collectors.toSet());
      assertThat(endpoints).hasSizeLessThanOrEqualTo(LIMIT + 1).contains("other");
      assertThat(metrics.matching("agent_request_duration_seconds_count", Map.of()))
          .hasSizeLessThanOrEqualTo(LIMIT + 1);
      assertThat(metrics.value("agent_requests_total", Map.of("endpoint", "other")))
          .isGreaterThanOrEqualTo(URLS - LIMIT);
      assertThat(metrics.value("agent_obs_label_overflow_total", Map.of()))
          .isGreaterThanOrEqualTo(URLS - LIMIT);
      assertThat(worker.stderrLines())
          .filteredOn(line -> line.contains("distinct 'endpoint' label values"))
          .as("the overflow is said once")
          .hasSize(1);
    }
  }

  /** {@code /docs/<letters>}: letters only, so no segment looks like an id to be folded. */
  private static void sendDistinctUrls(int port) {
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int batch = 0; batch < URLS; batch += 50) {
      List<CompletableFuture<HttpResponse<Void>>> pending = new ArrayList<>();
      for (int i = batch; i < batch + 50; i++) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/docs/" + word(i)))
                .timeout(Duration.ofSeconds(30))
                .build();
        pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
      }
      for (CompletableFuture<HttpResponse<Void>> response : pending) {
        assertThat(response.join().statusCode()).isEqualTo(404);
      }
    }
  }

  private static String word(int n) {
    StringBuilder word = new StringBuilder("page");
    do {
      word.append((char) ('a' + n % 26));
      n /= 26;
    } while (n > 0);
    return word.toString();
  }
}
