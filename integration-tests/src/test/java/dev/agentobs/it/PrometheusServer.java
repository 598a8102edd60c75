/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on a free loopback port, run with
 * a config derived from the repo's {@code config/prometheus.yml}: the same scrape job, pointed at
 * the app's sidecar; the repo's alert rules with every {@code for:} cut to {@value #SHORT_FOR}; the
 * test's Alertmanager; a two-second scrape and a one-second evaluation interval.
 */
final class PrometheusServer implements AutoCloseable {

  static final String JOB = "agent-service";
  static final String SHORT_FOR = "1s";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final ServerProcess process;
  private final int port;

  private PrometheusServer(ServerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Scrapes {@code target} (host:port) as job {@value #JOB}, sends alerts to {@code alertmanager}. */
  static PrometheusServer start(Path repoRoot, String target, String alertmanager) {
    int port = FreePorts.next();
    try {
      Path dir = Files.createTempDirectory("prometheus-it");
      Path rules = dir.resolve("agent-alerts.yml");
      YAML.writeValue(rules.toFile(), shortFor(YAML.readTree(repoRoot.resolve("alerts/agent-alerts.yml").toFile())));
      Path config = dir.resolve("prometheus.yml");
      ObjectNode derived = (ObjectNode) YAML.readTree(repoRoot.resolve("config/prometheus.yml").toFile());
      YAML.writeValue(config.toFile(), derive(derived, rules, target, alertmanager));
      List<String> command =
          List.of(
              PrometheusTools.prometheus().toString(),
              "--config.file=" + config,
              "--storage.tsdb.path=" + dir.resolve("data"),
              "--web.listen-address=127.0.0.1:" + port,
              // as config/prometheus.yml says: keeps the exemplars the latency panels link from
              "--enable-feature=exemplar-storage");
      return new PrometheusServer(
          ServerProcess.start(
              "prometheus", command, dir, URI.create(base(port) + "/-/ready"), STARTUP_TIMEOUT),
          port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An instant query; the {@code data} of a successful answer (a 400 for bad PromQL fails). */
  JsonNode query(String promql) {
    return api("/api/v1/query?query=" + HttpJson.encode(promql));
  }

  /** The exemplars of {@code promql}'s series over the last {@code window}. */
  JsonNode exemplars(String promql, Duration window) {
    long now = System.currentTimeMillis() / 1000;
    return api(
        "/api/v1/query_exemplars?query="
            + HttpJson.encode(promql)
            + "&start="
            + (now - window.toSeconds())
            + "&end="
            + (now + 1));
  }

  /** The values of {@code label} over the series matching {@code selector}. */
  JsonNode labelValues(String label, String selector) {
    return api("/api/v1/label/" + label + "/values?match[]=" + HttpJson.encode(selector));
  }

  /** The alerting rules Prometheus loaded, as its rules API lists them. */
  JsonNode alertingRules() {
    return api("/api/v1/rules?type=alert");
  }

  /** The active (pending or firing) alerts. */
  JsonNode alerts() {
    return api("/api/v1/alerts").path("alerts");
  }

  String describe() {
    return process.describe();
  }

  @Override
  public void close() {
    process.close();
  }

  private JsonNode api(String pathAndQuery) {
    JsonNode answer = HttpJson.get(URI.create(base(port) + pathAndQuery));
    if (!"success".equals(answer.path("status").asText())) {
      throw new AssertionError("Prometheus " + pathAndQuery + " answered " + answer);
    }
    return answer.path("data");
  }

  /** The rules as written, but pending for {@value #SHORT_FOR} instead of minutes. */
  private static JsonNode shortFor(JsonNode rules) {
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("for")) {
          ((ObjectNode) rule).put("for", SHORT_FOR);
        }
      }
    }
    return rules;
  }

  private static ObjectNode derive(ObjectNode config, Path rules, String target, String alertmanager) {
    ObjectNode global = config.withObjectProperty("global");
    global.put("scrape_interval", "2s");
    global.put("evaluation_interval", "1s");
    global.put("scrape_timeout", "2s");
    config.putArray("rule_files").add(rules.toString());
    JsonNode managers = config.path("alerting").path("alertmanagers");
    if (managers.size() != 1) {
      throw new AssertionError("config/prometheus.yml should name one Alertmanager: " + managers);
    }
    targets(managers.get(0)).add(alertmanager);
    for (JsonNode job : config.path("scrape_configs")) {
      if (JOB.equals(job.path("job_name").asText())) {
        targets(job).add(target);
        return config;
      }
    }
    throw new AssertionError("config/prometheus.yml has no scrape job " + JOB + " (the alerts select it)");
  }

  /** The first static_configs entry's targets, emptied. */
  private static ArrayNode targets(JsonNode node) {
    return ((ObjectNode) node.path("static_configs").get(0)).putArray("targets");
  }

  private static String base(int port) {
    return "http://127.0.0.1:" + port;
  }
}
