/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ops kit against the agent's real output: a real Prometheus scrapes the sample app with the
 * agent (config derived from config/prometheus.yml) while steady traffic with 20% errors runs;
 * every dashboard query and every alert expression is run through Prometheus' HTTP API; with the
 * rules' {@code for:} cut short, HighErrorRate fires into a real Alertmanager, which routes it per
 * config/alertmanager.yml to a PagerDuty-style and a Slack-style receiver run by the test.
 */
class PrometheusAlertingIT {

  @RegisterExtension static final AppOutputOnFailure OUTPUT = new AppOutputOnFailure();

  private static final Duration DATA_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ALERT_TIMEOUT = Duration.ofSeconds(120);
  private static final String RUNBOOK =
      "https://github.com/agent-obs/agent-obs/blob/main/docs/runbook.md#";

  /** Alerts whose condition this traffic (fast, cheap, cached, healthy export) can never meet. */
  private static final Set<String> MUST_STAY_QUIET =
      Set.of(
          "SlowResponseTime",
          "HighTokenUsage",
          "NoTraffic",
          "CacheHitRatioCollapse",
          "LlmCostBudgetExceeded",
          "TelemetryDropped");

  private static Path repoRoot;
  private static OtlpHttpReceiver otlp;
  private static ObservedApp app;
  private static WebhookReceiver pagerDuty;
  private static WebhookReceiver slack;
  private static AlertmanagerServer alertmanager;
  private static PrometheusServer prometheus;
  private static TrafficDriver traffic;
  private static String instance;

  @BeforeAll
  static void startEverythingAndDriveTraffic() throws IOException {
    repoRoot = Path.of(System.getProperty("agentobs.repoRoot", "..")).toAbsolutePath().normalize();
    otlp = OtlpHttpReceiver.start();
    app = OUTPUT.watch(ObservedApp.builder(otlp).start());
    pagerDuty = WebhookReceiver.start("pagerduty");
    slack = WebhookReceiver.start("slack");
    alertmanager = AlertmanagerServer.start(repoRoot, pagerDuty, slack);
    instance = "127.0.0.1:" + app.metricsPort();
    prometheus = PrometheusServer.start(repoRoot, instance, alertmanager.hostPort());
    traffic = TrafficDriver.start(new SampleAppClient(app));
    JsonNode errors =
        Await.pollUntil(
            DATA_TIMEOUT,
            () -> prometheus.query("sum(rate(agent_requests_total{status=\"500\"}[1m])) > 0"),
            data -> data.path("result").size() > 0);
    assertThat(errors.path("result"))
        .as("Prometheus sees failing requests\n%s", prometheus.describe())
        .isNotEmpty();
  }

  @AfterAll
  static void stopEverything() {
    for (AutoCloseable c :
        new AutoCloseable[] {traffic, prometheus, alertmanager, slack, pagerDuty, app, otlp}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("could not stop " + c + ": " + e);
      }
    }
  }

  @Test
  void promtoolCheckMetricsFindsNoProblemInTheAgentsMetrics() throws Exception {
    String exposition = scrapeSidecarText();
    assertThat(exposition)
        .as("the scrape holds the agent's metrics after real traffic")
        .contains("agent_requests_total{", "agent_request_duration_seconds_bucket{")
        .contains("agent_phase_duration_seconds_bucket{", "agent_tokens_used_total{")
        .contains("agent_cache_hits_total{", "agent_obs_spans_dropped_total", "jvm_memory_used_bytes");
    Path file = Files.createTempFile("agent-metrics", ".txt");
    try {
      Files.writeString(file, exposition);
      PrometheusTools.Result lint =
          PrometheusTools.run(
              file.getParent(), file, PrometheusTools.promtool(), "check", "metrics");
      assertThat(lint.exitCode()).as("exit code of %s:%n%s", lint.command(), lint.output()).isZero();
      assertThat(lint.output()).as("problems promtool found").isBlank();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void everyDashboardQueryAnswersWithData() throws IOException {
    JsonNode dashboard =
        JsonLines.parseObject(Files.readString(repoRoot.resolve("dashboards/agent-service.json")));
    List<String> queries = dashboardQueries(dashboard);
    assertThat(queries).as("dashboard queries").hasSizeGreaterThanOrEqualTo(15);
    Map<String, String> unanswered = new LinkedHashMap<>();
    for (String query : queries) {
      String promql = asGrafanaSendsIt(query);
      JsonNode result = awaitResult(promql, PrometheusAlertingIT::hasFiniteSample);
      if (!hasFiniteSample(result)) {
        unanswered.put(promql, result.toString());
      }
    }
    assertThat(unanswered).as("dashboard queries without a finite value").isEmpty();

    // the instance variable: label_values(agent_requests_total, instance)
    assertThat(prometheus.labelValues("instance", "agent_requests_total"))
        .extracting(JsonNode::asText)
        .contains(instance);
  }

  @Test
  void latencyPanelExemplarsLinkToTracesOfLoggedRequests() throws IOException {
    JsonNode dashboard =
        JsonLines.parseObject(Files.readString(repoRoot.resolve("dashboards/agent-service.json")));
    List<String> exemplarQueries = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        if (target.path("exemplar").asBoolean()) {
          exemplarQueries.add(asGrafanaSendsIt(target.path("expr").asText()));
        }
      }
    }
    assertThat(exemplarQueries).as("latency queries with exemplars").hasSizeGreaterThanOrEqualTo(3);
    for (String query : exemplarQueries) {
      JsonNode series =
          Await.pollUntil(
              DATA_TIMEOUT,
              () -> prometheus.exemplars(query, Duration.ofMinutes(10)),
              s -> s.size() > 0);
      List<String> traceIds = new ArrayList<>();
      series.forEach(
          s -> s.path("exemplars").forEach(e -> traceIds.add(e.path("labels").path("trace_id").asText())));
      Set<String> logged =
          JsonLines.parseLenient(app.stdoutLines()).all().stream()
              .map(l -> JsonLines.text(l, "trace_id"))
              .collect(Collectors.toSet());
      assertThat(traceIds).as("exemplar trace ids of %s", query).isNotEmpty();
      assertThat(traceIds)
          .as("exemplars of %s name traces whose requests the app logged", query)
          .allSatisfy(id -> assertThat(logged).contains(id));
    }
  }

  @Test
  void everyAlertExpressionRunsAndWhatItMeasuresAnswersWithData() throws IOException {
    Map<String, String> loaded = loadedAlertQueries();
    assertThat(loaded.keySet())
        .as("alerts Prometheus loaded from the test copy of the rules")
        .containsExactlyInAnyOrderElementsOf(alertNamesInRepo());
    Map<String, String> unanswered = new LinkedHashMap<>();
    for (Map.Entry<String, String> alert : loaded.entrySet()) {
      prometheus.query(alert.getValue()); // the whole expression runs (a bad one answers 400)
      AlertThreshold threshold = AlertThreshold.parse(alert.getValue());
      JsonNode result = awaitResult(threshold.measure(), PrometheusAlertingIT::hasFiniteSample);
      if (!hasFiniteSample(result)) {
        unanswered.put(alert.getKey() + ": " + threshold.measure(), result.toString());
      }
    }
    assertThat(unanswered).as("alert measures without a finite value").isEmpty();
  }

  @Test
  void highErrorRatePagesPagerDutyAndPostsToSlackThroughAlertmanager() {
    JsonNode page = awaitNotification(pagerDuty, PrometheusAlertingIT::pagerDutyAlertName, "HighErrorRate");
    assertThat(page.path("routing_key").asText()).isEqualTo(AlertmanagerServer.ROUTING_KEY);
    assertThat(page.path("event_action").asText()).isEqualTo("trigger");
    JsonNode payload = page.path("payload");
    assertThat(payload.path("severity").asText()).isEqualTo("critical");
    assertThat(payload.path("summary").asText())
        .isEqualTo("HighErrorRate: High error rate in agent service");
    assertThat(payload.path("custom_details").path("severity").asText()).isEqualTo("critical");
    assertThat(payload.path("custom_details").path("labels").asText())
        .isEqualTo("alertname=HighErrorRate severity=critical ");
    assertThat(payload.path("custom_details").path("runbook").asText())
        .isEqualTo(RUNBOOK + "higherrorrate");
    assertThat(page.path("links").get(0).path("href").asText()).isEqualTo(RUNBOOK + "higherrorrate");

    JsonNode post = awaitNotification(slack, PrometheusAlertingIT::slackAlertName, "HighErrorRate");
    JsonNode attachment = post.path("attachments").get(0);
    assertThat(attachment.path("title").asText())
        .isEqualTo("[FIRING] HighErrorRate: High error rate in agent service");
    assertThat(attachment.path("title_link").asText()).isEqualTo(RUNBOOK + "higherrorrate");
    assertThat(attachment.path("color").asText()).isEqualTo("danger");
    assertThat(slackFields(post))
        .containsEntry("severity", "critical")
        .containsEntry("labels", "alertname=HighErrorRate severity=critical");
    assertThat(attachment.path("text").asText())
        .matches("(?s)\\d+(\\.\\d+)?% of requests failed with a 5xx status over the last 5 minutes.*");
  }

  @Test
  void warningAlertsReachSlackButNeverPageAnyone() {
    JsonNode post =
        awaitNotification(slack, PrometheusAlertingIT::slackAlertName, "HighPhaseErrorRate");
    assertThat(post.path("attachments").get(0).path("color").asText()).isEqualTo("warning");
    assertThat(slackFields(post))
        .containsEntry("severity", "warning")
        .containsEntry(
            "labels",
            "alertname=HighPhaseErrorRate agent_type=analysis phase=execution severity=warning");
    // Alertmanager handled this group; PagerDuty got critical pages only
    assertThat(pagerDuty.received())
        .as("pages sent to PagerDuty")
        .isNotEmpty()
        .allSatisfy(
            p ->
                assertThat(p.path("payload").path("custom_details").path("severity").asText())
                    .isEqualTo("critical"));
  }

  @Test
  void theAlertsThisTrafficJustifiesFireAndNoOther() {
    JsonNode alerts =
        Await.pollUntil(
            ALERT_TIMEOUT,
            prometheus::alerts,
            a -> firing(a).containsAll(List.of("HighErrorRate", "HighPhaseErrorRate")));
    assertThat(firing(alerts))
        .as("firing alerts (%s)", alerts)
        .contains("HighErrorRate", "HighPhaseErrorRate")
        .doesNotContainAnyElementsOf(MUST_STAY_QUIET);
    // the dashboard's alert annotation shows them
    JsonNode dashboard = JsonLines.parseObject(readRepoFile("dashboards/agent-service.json"));
    for (JsonNode annotation : dashboard.path("annotations").path("list")) {
      if (annotation.has("expr")) {
        JsonNode result = prometheus.query(asGrafanaSendsIt(annotation.path("expr").asText()));
        assertThat(result.path("result"))
            .extracting(r -> r.path("metric").path("alertname").asText())
            .contains("HighErrorRate", "HighPhaseErrorRate");
      }
    }
  }

  // ---- helpers

  /** Grafana's substitutions: the selected instance (regex-escaped) and a rate window. */
  private static String asGrafanaSendsIt(String query) {
    return query
        .replace("$__rate_interval", "1m")
        .replace("$instance", instance.replace(".", "\\\\."));
  }

  private static List<String> dashboardQueries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      panel.path("targets").forEach(t -> queries.add(t.path("expr").asText()));
    }
    return queries;
  }

  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      out.add(panel);
      panel.path("panels").forEach(out::add); // inside a collapsed row
    }
    return out;
  }

  private static JsonNode awaitResult(String promql, Predicate<JsonNode> done) {
    return Await.pollUntil(DATA_TIMEOUT, () -> prometheus.query(promql).path("result"), done);
  }

  /** At least one series whose current value is a number (not NaN from 0/0, not ±Inf). */
  private static boolean hasFiniteSample(JsonNode result) {
    for (JsonNode series : result) {
      String value = series.path("value").path(1).asText();
      try {
        if (Double.isFinite(Double.parseDouble(value))) {
          return true;
        }
      } catch (NumberFormatException e) {
        // "NaN" parses; anything else is not a value
      }
    }
    return false;
  }

  private static Map<String, String> loadedAlertQueries() {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode group : prometheus.alertingRules().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        assertThat(rule.path("duration").asDouble())
            .as("pending duration of the test copy of %s", rule.path("name").asText())
            .isLessThanOrEqualTo(1.0);
        queries.put(rule.path("name").asText(), rule.path("query").asText());
      }
    }
    return queries;
  }

  private static List<String> alertNamesInRepo() throws IOException {
    JsonNode rules =
        new ObjectMapper(new YAMLFactory()).readTree(repoRoot.resolve("alerts/agent-alerts.yml").toFile());
    List<String> names = new ArrayList<>();
    rules.path("groups").forEach(g -> g.path("rules").forEach(r -> names.add(r.path("alert").asText())));
    return names;
  }

  private static Set<String> firing(JsonNode alerts) {
    return StreamSupport.stream(alerts.spliterator(), false)
        .filter(a -> "firing".equals(a.path("state").asText()))
        .map(a -> a.path("labels").path("alertname").asText())
        .collect(Collectors.toSet());
  }

  private static JsonNode awaitNotification(
      WebhookReceiver receiver, java.util.function.Function<JsonNode, String> alertName, String alert) {
    List<JsonNode> received =
        Await.pollUntil(
            ALERT_TIMEOUT,
            receiver::received,
            r -> r.stream().anyMatch(n -> alert.equals(alertName.apply(n))));
    return received.stream()
        .filter(n -> alert.equals(alertName.apply(n)))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    receiver.url()
                        + " got no notification of "
                        + alert
                        + " within "
                        + ALERT_TIMEOUT
                        + "; it got "
                        + received
                        + "\nPrometheus alerts: "
                        + prometheus.alerts()
                        + "\n"
                        + alertmanager.describe()));
  }

  private static String pagerDutyAlertName(JsonNode page) {
    return page.path("payload").path("custom_details").path("alertname").asText();
  }

  private static String slackAlertName(JsonNode post) {
    return slackFields(post).get("alertname");
  }

  private static Map<String, String> slackFields(JsonNode post) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (JsonNode field : post.path("attachments").path(0).path("fields")) {
      fields.put(field.path("title").asText(), field.path("value").asText().trim());
    }
    return fields;
  }

  private static String scrapeSidecarText() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static String readRepoFile(String path) {
    try {
      return Files.readString(repoRoot.resolve(path));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + path, e);
    }
  }
}
