/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A real Alertmanager (Debian's {@code prometheus-alertmanager} package) on a free loopback port,
 * run with the repo's {@code config/alertmanager.yml}: its routes and templates as they are, only
 * the PagerDuty and Slack URLs pointed at local receivers and the one-notification wait cut to a
 * second.
 */
final class AlertmanagerServer implements AutoCloseable {

  static final String ROUTING_KEY = "it-routing-key";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final ServerProcess process;
  private final int port;

  private AlertmanagerServer(ServerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static AlertmanagerServer start(Path repoRoot, WebhookReceiver pagerDuty, WebhookReceiver slack) {
    int port = FreePorts.next();
    try {
      Path dir = Files.createTempDirectory("alertmanager-it");
      ObjectNode config = (ObjectNode) YAML.readTree(repoRoot.resolve("config/alertmanager.yml").toFile());
      ObjectNode route = config.withObjectProperty("route");
      route.put("group_wait", "1s");
      route.put("group_interval", "1s");
      ObjectNode pd = receiverConfig(config, "pagerduty", "pagerduty_configs");
      pd.put("url", pagerDuty.url());
      pd.put("routing_key", ROUTING_KEY);
      receiverConfig(config, "slack", "slack_configs").put("api_url", slack.url());
      Path file = dir.resolve("alertmanager.yml");
      YAML.writeValue(file.toFile(), config);
      List<String> command =
          List.of(
              PrometheusTools.alertmanager().toString(),
              "--config.file=" + file,
              "--storage.path=" + dir.resolve("data"),
              "--web.listen-address=127.0.0.1:" + port,
              "--cluster.listen-address=", // no gossip port: a single instance
              "--log.level=debug");
      return new AlertmanagerServer(
          ServerProcess.start(
              "alertmanager", command, dir, URI.create(address(port) + "/-/ready"), STARTUP_TIMEOUT),
          port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** host:port, as Prometheus' alerting config names it. */
  String hostPort() {
    return "127.0.0.1:" + port;
  }

  String describe() {
    return process.describe();
  }

  @Override
  public void close() {
    process.close();
  }

  private static ObjectNode receiverConfig(ObjectNode config, String receiver, String kind) {
    for (JsonNode r : config.path("receivers")) {
      if (receiver.equals(r.path("name").asText()) && r.path(kind).size() == 1) {
        return (ObjectNode) r.path(kind).get(0);
      }
    }
    throw new AssertionError("config/alertmanager.yml has no receiver " + receiver + " with one " + kind);
  }

  private static String address(int port) {
    return "http://127.0.0.1:" + port;
  }
}
