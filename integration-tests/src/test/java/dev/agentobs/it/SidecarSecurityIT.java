/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics sidecar opens no more than it must: only {@code /metrics} and the health check
 * answer, optionally behind HTTP basic authentication and TLS, and a half-given setting turns the
 * sidecar off with one line instead of serving in the clear.
 */
class SidecarSecurityIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();

  private final HttpClient plain = HttpClient.newHttpClient();
  @RegisterExtension final OtlpHttpReceiver receiver = OtlpHttpReceiver.forEachTest();

  @Test
  void onlyMetricsAndHealthAnswerAndTheyAreNotCountedAsRequests() throws Exception {
    try (ObservedApp app = output.watch(ObservedApp.builder(receiver).start())) {
      String base = "http://127.0.0.1:" + app.metricsPort();
      assertThat(get(plain, base + "/metrics", null).statusCode()).isEqualTo(200);
      assertThat(get(plain, base + "/-/healthy", null).statusCode()).isEqualTo(200);
      for (String path : List.of("/", "/index.html", "/debug/vars", "/-/reload", "/api/v1/task")) {
        HttpResponse<String> response = get(plain, base + path, null);
        assertThat(response.statusCode()).as("GET %s on the sidecar", path).isEqualTo(404);
        assertThat(response.body()).as("body of GET %s", path).isEmpty();
      }
      PrometheusText metrics = app.scrapeMetrics();
      assertThat(metrics.sum("agent_requests_total", java.util.Map.of()))
          .as("requests the agent counted: the app's health checks, none of the sidecar's")
          .isEqualTo(metrics.sum("agent_requests_total", java.util.Map.of("endpoint", "/health")))
          .isPositive();
    }
  }

  @Test
  void basicAuthenticationGuardsTheMetrics() throws Exception {
    try (ObservedApp app =
        output.watch(
            ObservedApp.builder(receiver)
                .agentArg("metrics.auth.username", "prometheus")
                .agentArg("metrics.auth.password", "s3cret-Pa55")
                .awaitMetrics(false)
                .start())) {
      String metrics = "http://127.0.0.1:" + app.metricsPort() + "/metrics";
      HttpResponse<String> allowed =
          Await.pollUntil(
              WAIT,
              () -> get(plain, metrics, basic("prometheus", "s3cret-Pa55")),
              r -> r != null && r.statusCode() == 200);
      assertThat(allowed).as("an authenticated scrape of %s", metrics).isNotNull();
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).contains("agent_obs_internal_errors_total");
      assertThat(get(plain, metrics, null).statusCode()).as("no credentials").isEqualTo(401);
      assertThat(get(plain, metrics, basic("prometheus", "wrong")).statusCode())
          .as("a wrong password")
          .isEqualTo(401);
      assertThat(get(plain, metrics, basic("someone", "s3cret-Pa55")).statusCode())
          .as("a wrong user")
          .isEqualTo(401);
      assertThat(app.stderrLines()).noneMatch(line -> line.contains("s3cret-Pa55"));
    }
  }

  @Test
  void tlsServesMetricsOverHttpsOnly(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("sidecar.p12");
    generateKeystore(keystore, "changeit");
    try (ObservedApp app =
        output.watch(
            ObservedApp.builder(receiver)
                .agentArg("metrics.tls.keystore", keystore.toString())
                .agentArg("metrics.tls.keystore.password", "changeit")
                .awaitMetrics(false)
                .start())) {
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore, "changeit")).build();
      String metrics = "https://127.0.0.1:" + app.metricsPort() + "/metrics";
      HttpResponse<String> scrape =
          Await.pollUntil(
              WAIT, () -> get(https, metrics, null), r -> r != null && r.statusCode() == 200);
      assertThat(scrape).as("an HTTPS scrape of %s", metrics).isNotNull();
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("agent_obs_internal_errors_total");
      assertThatThrownBy(
              () -> plain.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort()
                          + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()))
          .as("plain HTTP to the TLS sidecar")
          .isInstanceOf(IOException.class);
      assertThat(app.stderrLines())
          .anySatisfy(l -> assertThat(l).contains("metrics https://"))
          .noneMatch(l -> l.contains("changeit"));
    }
  }

  @Test
  void aUserWithoutAPasswordTurnsMetricsOffWithOneLine() throws Exception {
    try (ObservedApp app =
        output.watch(
            ObservedApp.builder(receiver)
                .agentArg("metrics.auth.username", "prometheus")
                .agentArg("metrics.start.delay.ms", "0")
                .awaitMetrics(false)
                .start())) {
      List<String> complaint =
          Await.pollUntil(
              WAIT,
              () -> app.stderrLines().stream()
                  .filter(l -> l.contains("metrics.auth.password"))
                  .collect(java.util.stream.Collectors.toList()),
              lines -> !lines.isEmpty());
      assertThat(complaint)
          .singleElement()
          .asString()
          .startsWith("agent-obs: metrics are off:")
          .contains("must be set together");
      assertThat(listening(app.metricsPort())).as("something on the sidecar port").isFalse();
      assertThat(get(plain, app.uri("/health").toString(), null).statusCode())
          .as("the app itself")
          .isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(HttpClient client, String url, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A self-signed key pair for 127.0.0.1, made with the JDK's own keytool. */
  private static void generateKeystore(Path keystore, String password) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(), "-genkeypair", "-alias", "sidecar", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password)
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished: %s", out).isTrue();
    assertThat(process.exitValue()).as("keytool: %s", out).isZero();
    assertThat(Files.size(keystore)).isPositive();
  }

  private static SSLContext trusting(Path keystore, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, password.toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("sidecar", store.getCertificate("sidecar"));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
