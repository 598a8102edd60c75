package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operations kit (alert rules, their unit tests, the scrape config, the Grafana dashboard, the
 * runbook) checked with the real {@code promtool} and against the telemetry contract: every
 * {@code agent_*} metric a dashboard panel or an alert uses must be one the agent exposes, with
 * labels it really has.
 */
class OpsKitIT {

    private static final long PROMTOOL_TIMEOUT_SECONDS = 120;

    /** Target labels Prometheus adds to every scraped series. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    /**
     * The telemetry contract (DESIGN.md), as exposed series names with their labels. Histograms
     * appear as their {@code _bucket} / {@code _count} / {@code _sum} series.
     */
    private static final Map<String, Set<String>> CONTRACT = contract();

    private static Map<String, Set<String>> contract() {
        Map<String, Set<String>> c = new LinkedHashMap<>();
        c.put("agent_requests_total", Set.of("method", "endpoint", "status"));
        histogram(c, "agent_request_duration_seconds", "method", "endpoint");
        c.put("agent_active_requests", Set.of());
        c.put("agent_tokens_used_total", Set.of("model", "agent_type", "token_type"));
        c.put("agent_cache_hits_total", Set.of("hit"));
        histogram(c, "agent_phase_duration_seconds", "phase", "agent_type", "status");
        c.put("agent_llm_calls_total", Set.of("model", "provider", "status"));
        c.put("agent_llm_cost_usd_total", Set.of("model"));
        c.put("agent_llm_unpriced_calls_total", Set.of("model"));
        histogram(c, "gen_ai_client_operation_duration_seconds", "gen_ai_operation_name",
                "gen_ai_provider_name", "gen_ai_request_model", "error_type");
        histogram(c, "gen_ai_client_token_usage", "gen_ai_operation_name", "gen_ai_provider_name",
                "gen_ai_request_model", "gen_ai_token_type");
        c.put("agent_obs_internal_errors_total", Set.of());
        c.put("agent_obs_log_events_dropped_total", Set.of());
        c.put("agent_obs_spans_dropped_total", Set.of());
        c.put("agent_obs_startup_events_dropped_total", Set.of());
        c.put("agent_obs_spans_export_failed_total", Set.of());
        return Map.copyOf(c);
    }

    private static void histogram(Map<String, Set<String>> c, String name, String... labels) {
        Set<String> withLe = new LinkedHashSet<>(List.of(labels));
        withLe.add("le");
        c.put(name + "_bucket", Set.copyOf(withLe));
        c.put(name + "_count", Set.of(labels));
        c.put(name + "_sum", Set.of(labels));
    }

    /** Non-agent metrics the kit may use: scrape health, Prometheus' own ALERTS, the JVM/process collectors. */
    private static boolean isAllowedNonAgentMetric(String name) {
        return name.equals("up") || name.equals("ALERTS") || name.startsWith("jvm_") || name.startsWith("process_");
    }

    /** The seed's alerts, then the ones an AI-agent service needs (LLM error rate and cost wait for the LLM metrics). */
    private static final List<String> ALERT_NAMES = List.of("HighErrorRate", "SlowResponseTime", "HighTokenUsage",
            "ServiceDown", "NoTraffic", "HighPhaseErrorRate", "CacheHitRatioCollapse", "TelemetryDropped");

    private static final String RUNBOOK_URL = "https://github.com/agent-obs/agent-obs/blob/main/docs/runbook.md#";

    private static final Map<String, String> DS = Map.of("type", "prometheus", "uid", "${datasource}");

    private static Path repoRoot;
    private static JsonNode dashboard;
    private static List<AlertRule> alertRules;

    @BeforeAll
    static void load() throws IOException {
        repoRoot = findRepoRoot();
        dashboard = new ObjectMapper().readTree(repoRoot.resolve("dashboards/agent-service.json").toFile());
        alertRules = AlertRule.parse(Files.readString(repoRoot.resolve("alerts/agent-alerts.yml")));
    }

    // ------------------------------------------------------------------ promtool

    @Test
    void alertRulesPassPromtoolCheck() {
        promtool("check", "rules", "alerts/agent-alerts.yml");
    }

    @Test
    void alertUnitTestsPass() {
        promtool("test", "rules", "alerts/agent-alerts.test.yml");
    }

    @Test
    void alertmanagerConfigPassesAmtoolCheckAndRoutesCriticalToPagerDutyAndEverythingToSlack() {
        assertThat(amtool("check-config", "config/alertmanager.yml")).contains("SUCCESS");
        for (AlertRule rule : alertRules) {
            String severity = rule.fields().get("severity");
            String expected = severity.equals("critical") ? "pagerduty,slack" : "slack";
            // amtool exits non-zero when the receivers differ from --verify.receivers
            amtool("config", "routes", "test", "--config.file=config/alertmanager.yml", "--verify.receivers=" + expected,
                    "alertname=" + rule.name(), "severity=" + severity);
        }
    }

    @Test
    void prometheusConfigPassesPromtoolCheck() {
        String out = promtool("check", "config", "config/prometheus.yml");
        assertThat(out).as("the example config must load the alert rules").contains("agent-alerts.yml");
    }

    // ------------------------------------------------------------------ alert rules

    @Test
    void everySeedAlertIsDefinedWithSeverityAnnotationsAndARunbookSection() throws IOException {
        assertThat(alertRules).extracting(AlertRule::name).containsExactlyInAnyOrderElementsOf(ALERT_NAMES);
        Set<String> anchors = markdownAnchors(Files.readString(repoRoot.resolve("docs/runbook.md")));
        for (AlertRule rule : alertRules) {
            assertThat(rule.fields().get("severity")).as("%s severity", rule.name()).isIn("critical", "warning", "info");
            assertThat(rule.fields().get("summary")).as("%s summary", rule.name()).isNotBlank();
            assertThat(rule.fields().get("description")).as("%s description is templated", rule.name()).contains("{{");
            String anchor = rule.name().toLowerCase(Locale.ROOT);
            assertThat(rule.fields().get("runbook_url")).as("%s runbook_url", rule.name()).isEqualTo(RUNBOOK_URL + anchor);
            assertThat(anchors).as("docs/runbook.md must have a section for %s", rule.name()).contains(anchor);
        }
        assertThat(byName("HighErrorRate").fields()).containsEntry("severity", "critical").containsEntry("for", "5m");
        assertThat(byName("SlowResponseTime").fields()).containsEntry("severity", "warning").containsEntry("for", "10m");
        assertThat(byName("HighTokenUsage").fields()).containsEntry("severity", "warning");
        assertThat(byName("ServiceDown").fields()).containsEntry("severity", "critical").containsEntry("for", "1m");
        assertThat(byName("NoTraffic").fields()).containsEntry("severity", "warning").containsEntry("for", "15m");
        assertThat(byName("HighPhaseErrorRate").fields()).containsEntry("severity", "warning").containsEntry("for", "10m");
        assertThat(byName("CacheHitRatioCollapse").fields()).containsEntry("severity", "warning").containsEntry("for", "15m");
        assertThat(byName("TelemetryDropped").fields()).containsEntry("severity", "warning").doesNotContainKey("for");
    }

    @Test
    void alertRulesUseOnlyContractMetricsAndLabels() {
        Set<String> used = new LinkedHashSet<>();
        for (AlertRule rule : alertRules) {
            assertThat(rule.expr()).as("%s expr", rule.name()).isNotBlank();
            List<Selector> selectors = PromQl.selectors(rule.expr());
            assertThat(selectors).as("%s expr selects no metric: %s", rule.name(), rule.expr()).isNotEmpty();
            for (Selector s : selectors) {
                assertContractSelector(s, "alert " + rule.name());
                used.add(s.metric());
            }
        }
        assertThat(used).contains("agent_requests_total", "agent_request_duration_seconds_bucket",
                "agent_tokens_used_total", "up", "agent_phase_duration_seconds_count", "agent_cache_hits_total",
                "agent_obs_log_events_dropped_total", "agent_obs_spans_dropped_total",
                "agent_obs_startup_events_dropped_total", "agent_obs_spans_export_failed_total");
        assertThat(PromQl.selectors(byName("ServiceDown").expr()))
                .as("ServiceDown must select the agent-service scrape job")
                .anySatisfy(s -> assertThat(s.matchers()).contains("job=\"agent-service\""));
    }

    // ------------------------------------------------------------------ dashboard

    @Test
    void dashboardIsImportableWithCurrentSchemaAndPanelTypes() {
        assertThat(dashboard.path("uid").asText()).isEqualTo("agent-obs-service");
        assertThat(dashboard.path("title").asText()).isEqualTo("Agent Service Overview");
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);

        List<JsonNode> panels = panels();
        assertThat(panels).isNotEmpty();
        Set<Integer> ids = new LinkedHashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode p : panels) {
            String title = p.path("title").asText();
            assertThat(p.path("type").asText()).as("type of panel '%s'", title)
                    .isNotEqualTo("graph")
                    .isIn("timeseries", "stat", "gauge", "bargauge", "row");
            assertThat(ids.add(p.path("id").asInt())).as("unique id of panel '%s'", title).isTrue();
            JsonNode g = p.path("gridPos");
            int x = g.path("x").asInt(-1), y = g.path("y").asInt(-1), w = g.path("w").asInt(0), h = g.path("h").asInt(0);
            assertThat(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24).as("gridPos of panel '%s': %s", title, g).isTrue();
            for (int[] b : boxes) {
                boolean overlap = x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h;
                assertThat(overlap).as("panel '%s' overlaps another panel", title).isFalse();
            }
            boxes.add(new int[] {x, y, w, h});
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(datasource(p.path("datasource"))).as("datasource of panel '%s'", title).isEqualTo(DS);
            assertThat(p.path("targets")).as("targets of panel '%s'", title).isNotEmpty();
            for (JsonNode t : p.path("targets")) {
                assertThat(datasource(t.path("datasource"))).as("datasource of a target of '%s'", title).isEqualTo(DS);
                assertThat(t.path("expr").asText()).as("expr of a target of '%s'", title).isNotBlank();
            }
        }
    }

    @Test
    void dashboardHasTheDatasourceAndInstanceVariables() {
        JsonNode ds = variable("datasource");
        assertThat(ds.path("type").asText()).isEqualTo("datasource");
        assertThat(ds.path("query").asText()).isEqualTo("prometheus");

        JsonNode instance = variable("instance");
        assertThat(instance.path("type").asText()).isEqualTo("query");
        assertThat(datasource(instance.path("datasource"))).isEqualTo(DS);
        JsonNode q = instance.path("query");
        String query = q.isObject() ? q.path("query").asText() : q.asText();
        assertThat(query.replace(" ", "")).isEqualTo("label_values(agent_requests_total,instance)");
        assertThat(instance.path("multi").asBoolean()).isTrue();
        assertThat(instance.path("includeAll").asBoolean()).isTrue();
    }

    @Test
    void dashboardHasTheRequiredPanels() {
        Map<String, JsonNode> byTitle = panels().stream()
                .collect(Collectors.toMap(p -> p.path("title").asText(), p -> p, (a, b) -> a, LinkedHashMap::new));
        assertThat(byTitle).containsKeys("Request rate", "Response time (p95)", "Error rate", "Tokens used (24h)",
                "Token rate by model and token type", "Active requests", "Cache hit rate",
                "Phase latency (p95) by phase", "Phase error rate by phase", "JVM heap used", "Process CPU",
                "JVM GC time", "JVM threads", "Telemetry health (agent-obs)");

        JsonNode p95 = byTitle.get("Response time (p95)");
        assertThat(p95.path("type").asText()).isEqualTo("timeseries");
        assertThat(p95.path("targets").get(0).path("exemplar").asBoolean()).as("p95 target has exemplars").isTrue();
        assertThat(p95.path("targets").get(0).path("expr").asText()).contains("histogram_quantile(0.95");

        JsonNode errors = byTitle.get("Error rate");
        assertThat(errors.path("type").asText()).isEqualTo("gauge");
        JsonNode steps = errors.path("fieldConfig").path("defaults").path("thresholds").path("steps");
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).path("color").asText()).isEqualTo("green");
        assertThat(steps.get(0).path("value").isNull() || steps.get(0).path("value").asDouble() == 0).isTrue();
        assertThat(steps.get(1).path("color").asText()).isEqualTo("yellow");
        assertThat(steps.get(1).path("value").asDouble()).isEqualTo(0.01);
        assertThat(steps.get(2).path("color").asText()).isEqualTo("red");
        assertThat(steps.get(2).path("value").asDouble()).isEqualTo(0.05);

        JsonNode tokens = byTitle.get("Tokens used (24h)");
        assertThat(tokens.path("type").asText()).isEqualTo("stat");
        assertThat(tokens.path("targets").get(0).path("expr").asText()).contains("increase(agent_tokens_used_total").contains("[24h]");

        assertThat(exprs(byTitle.get("Token rate by model and token type"))).anySatisfy(
                e -> assertThat(e.replace(" ", "")).contains("by(model,token_type)"));
        assertThat(exprs(byTitle.get("Phase latency (p95) by phase"))).anySatisfy(
                e -> assertThat(e).contains("agent_phase_duration_seconds_bucket").contains("phase"));
        assertThat(exprs(byTitle.get("JVM heap used"))).anySatisfy(
                e -> assertThat(e).contains("jvm_memory_used_bytes").contains("area=\"heap\""));
        assertThat(exprs(byTitle.get("Process CPU"))).anySatisfy(e -> assertThat(e).contains("process_cpu_seconds_total"));
    }

    @Test
    void dashboardQueriesUseOnlyContractMetricsAndFilterByInstance() {
        Set<String> used = new LinkedHashSet<>();
        for (JsonNode p : panels()) {
            for (JsonNode t : p.path("targets")) {
                String expr = t.path("expr").asText();
                List<Selector> selectors = PromQl.selectors(expr);
                assertThat(selectors).as("panel '%s' selects no metric: %s", p.path("title").asText(), expr).isNotEmpty();
                for (Selector s : selectors) {
                    String where = "panel '" + p.path("title").asText() + "'";
                    assertContractSelector(s, where);
                    assertThat(s.matchers()).as("%s: %s must be filtered by instance=~\"$instance\" in %s", where, s.metric(), expr)
                            .contains("instance=~\"$instance\"");
                    used.add(s.metric());
                }
            }
        }
        for (JsonNode a : dashboard.path("annotations").path("list")) {
            if (a.has("expr")) {
                for (String alert : ALERT_NAMES) {
                    assertThat(a.path("expr").asText()).as("annotation '%s' shows alert %s", a.path("name").asText(), alert)
                            .contains(alert);
                }
                PromQl.selectors(a.path("expr").asText()).forEach(s -> assertContractSelector(s, "annotation"));
            }
        }
        Matcher lv = Pattern.compile("label_values\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\)")
                .matcher(variable("instance").toString());
        assertThat(lv.find()).isTrue();
        assertContractSelector(new Selector(lv.group(1), List.of(lv.group(2) + "=\"\"")), "variable instance");

        Set<String> families = used.stream().map(m -> m.replaceAll("_(bucket|count|sum)$", "")).collect(Collectors.toSet());
        assertThat(families).as("the dashboard shows every metric of the contract").contains(
                "agent_requests_total", "agent_request_duration_seconds", "agent_active_requests",
                "agent_tokens_used_total", "agent_cache_hits_total", "agent_phase_duration_seconds");
    }

    /** The contract check itself must see through functions, grouping clauses, strings and durations. */
    @Test
    void promQlScannerFindsMetricsAndTheirMatchers() {
        List<Selector> s = PromQl.selectors("(sum by (agent_type, le) (rate(agent_tokens_used_total{model=\"x\", "
                + "endpoint=~\"/users/{id}\"}[$__rate_interval] offset 5m)) or on() vector(0)) / ignoring(status) "
                + "group_left sum without (status) (agent_requests_total) > bool 0 unless absent(up{job='a'})");
        assertThat(s).extracting(Selector::metric).containsExactly("agent_tokens_used_total", "agent_requests_total", "up");
        assertThat(s.get(0).matchers()).containsExactly("model=\"x\"", "endpoint=~\"/users/{id}\"");
        assertThat(s.get(2).matchers()).containsExactly("job=\"a\"");
        assertThat(PromQl.selectors("histogram_quantile(0.95, sum(rate(agent_request_duration_seconds_bucket[5m])) by (le)) > 1e6"))
                .extracting(Selector::metric).containsExactly("agent_request_duration_seconds_bucket");
    }

    // ------------------------------------------------------------------ helpers

    private static void assertContractSelector(Selector s, String where) {
        if (!s.metric().startsWith("agent_")) {
            assertThat(isAllowedNonAgentMetric(s.metric())).as("%s uses metric %s, which is neither in the contract "
                    + "nor an up/ALERTS/jvm_*/process_* metric", where, s.metric()).isTrue();
            return;
        }
        assertThat(CONTRACT).as("%s uses %s, which is not in the telemetry contract", where, s.metric())
                .containsKey(s.metric());
        Set<String> allowed = new LinkedHashSet<>(CONTRACT.get(s.metric()));
        allowed.addAll(TARGET_LABELS);
        for (String m : s.matchers()) {
            String label = m.split("[=!~]", 2)[0];
            assertThat(allowed).as("%s: %s has no label '%s' (contract labels: %s)", where, s.metric(), label,
                    CONTRACT.get(s.metric())).contains(label);
        }
    }

    private static AlertRule byName(String name) {
        return alertRules.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + name));
    }

    private static List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add); // panels inside a collapsed row
        }
        return out;
    }

    private static List<String> exprs(JsonNode panel) {
        List<String> out = new ArrayList<>();
        panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        return out;
    }

    private static JsonNode variable(String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("dashboard has no templating variable '" + name + "'");
    }

    private static Map<String, String> datasource(JsonNode ds) {
        Map<String, String> m = new LinkedHashMap<>();
        ds.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> markdownAnchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        for (String line : markdown.split("\n")) {
            Matcher m = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$").matcher(line);
            if (m.matches()) {
                anchors.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static Path findRepoRoot() {
        String prop = System.getProperty("agentobs.repoRoot");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        // run from an IDE: walk up to the directory holding alerts/ and the parent pom
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("alerts")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new AssertionError("system property agentobs.repoRoot is not set and no repo root was found above "
                + Paths.get("").toAbsolutePath());
    }

    /** Runs promtool in the repo root; fails (never skips) if it is missing, fails or does not say SUCCESS. */
    private static String promtool(String... args) {
        String out = succeeds(PrometheusTools.run(repoRoot, null, PrometheusTools.promtool(), args));
        assertThat(out).as("output of promtool %s", String.join(" ", args)).contains("SUCCESS");
        return out;
    }

    /** Runs amtool (Debian's prometheus-alertmanager package) in the repo root; it must exit with 0. */
    private static String amtool(String... args) {
        return succeeds(PrometheusTools.run(repoRoot, null, PrometheusTools.amtool(), args));
    }

    private static String succeeds(PrometheusTools.Result r) {
        if (r.exitCode() != 0) {
            System.out.println("`" + r.command() + "` (in " + repoRoot + ") failed:\n" + r.output());
        }
        assertThat(r.exitCode()).as("exit code of `%s` (in %s); output:%n%s", r.command(), repoRoot, r.output()).isZero();
        return r.output();
    }

    // ------------------------------------------------------------------ PromQL scanning

    /** A vector selector: the metric name and its label matchers as written ({@code label op "value"}). */
    record Selector(String metric, List<String> matchers) {}

    /**
     * A small PromQL scanner, just enough to find every vector selector: skips string literals,
     * durations and range/subquery brackets, function calls, grouping clauses (by, without, on,
     * ignoring, group_left, group_right), keywords and Grafana variables; reads label matchers.
     */
    static final class PromQl {
        private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
                "on", "ignoring", "group_left", "group_right", "inf", "nan", "start", "end");
        private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
        /** Aggregation operators: reserved, and may be followed by a grouping clause before their '('. */
        private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
                "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

        private final String s;
        private int i;

        private PromQl(String s) {
            this.s = s;
        }

        static List<Selector> selectors(String expr) {
            return new PromQl(expr).scan();
        }

        private List<Selector> scan() {
            List<Selector> out = new ArrayList<>();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"' || c == '\'' || c == '`') {
                    string();
                } else if (c == '[') {
                    int close = s.indexOf(']', i);
                    i = close < 0 ? s.length() : close + 1;
                } else if (c == '$') {
                    i++;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_{}".indexOf(s.charAt(i)) >= 0)) {
                        i++;
                    }
                } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                    number();
                } else if (c == '{') {
                    out.add(new Selector("", matchers())); // bare {__name__=...}: reported with an empty name
                } else if (Character.isLetter(c) || c == '_' || c == ':') {
                    String id = identifier();
                    int after = skipSpace(i);
                    boolean call = after < s.length() && s.charAt(after) == '(';
                    if (GROUPING.contains(id)) {
                        if (call) {
                            int close = s.indexOf(')', after);
                            i = close < 0 ? s.length() : close + 1;
                        }
                    } else if (call || KEYWORDS.contains(id.toLowerCase(Locale.ROOT)) || AGGREGATIONS.contains(id)) {
                        // function / aggregation name or operator keyword
                    } else {
                        List<String> m = List.of();
                        if (after < s.length() && s.charAt(after) == '{') {
                            i = after;
                            m = matchers();
                        }
                        out.add(new Selector(id, m));
                    }
                } else {
                    i++;
                }
            }
            return out;
        }

        private String identifier() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
                i++;
            }
            return s.substring(start, i);
        }

        private void number() {
            i++;
            while (i < s.length()) {
                char c = s.charAt(i);
                boolean exponentSign = (c == '+' || c == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E');
                if (!(Character.isLetterOrDigit(c) || c == '.' || exponentSign)) {
                    break;
                }
                i++;
            }
        }

        private String string() {
            char q = s.charAt(i++);
            StringBuilder b = new StringBuilder();
            while (i < s.length() && s.charAt(i) != q) {
                if (s.charAt(i) == '\\' && q != '`' && i + 1 < s.length()) {
                    b.append(s.charAt(i++));
                }
                b.append(s.charAt(i++));
            }
            i++;
            return b.toString();
        }

        /** At '{': reads {@code label op "value", ...} up to the matching '}'. */
        private List<String> matchers() {
            List<String> out = new ArrayList<>();
            i++;
            while (i < s.length()) {
                i = skipSpace(i);
                if (i >= s.length()) {
                    break;
                }
                char c = s.charAt(i);
                if (c == '}') {
                    i++;
                    break;
                }
                if (c == ',') {
                    i++;
                    continue;
                }
                String label = identifier();
                if (label.isEmpty()) {
                    throw new IllegalArgumentException("cannot read label matcher at " + i + " in: " + s);
                }
                i = skipSpace(i);
                int opStart = i;
                while (i < s.length() && "=!~".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                String op = s.substring(opStart, i);
                i = skipSpace(i);
                String value = string();
                out.add(label + op + "\"" + value + "\"");
            }
            return out;
        }

        private int skipSpace(int from) {
            int j = from;
            while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
                j++;
            }
            return j;
        }
    }

    // ------------------------------------------------------------------ alert rules (YAML subset)

    /**
     * One alerting rule read from the rules file: its name, expr and the scalar fields of its block
     * (for, severity, summary, description, runbook_url). A deliberately small reader for the
     * layout promtool accepts and this file uses; promtool itself validates the full YAML.
     */
    record AlertRule(String name, String expr, Map<String, String> fields) {
        private static final Pattern KEY = Pattern.compile("^(\\s*)(?:-\\s+)?([A-Za-z_]+):\\s*(.*)$");

        static List<AlertRule> parse(String yaml) {
            List<AlertRule> rules = new ArrayList<>();
            String[] lines = yaml.split("\n", -1);
            String name = null;
            int ruleIndent = -1;
            String expr = null;
            Map<String, String> fields = new LinkedHashMap<>();
            for (int n = 0; n < lines.length; n++) {
                String line = stripComment(lines[n]);
                Matcher m = KEY.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                int indent = m.group(1).length();
                String key = m.group(2);
                String value = m.group(3).trim();
                if (name != null && indent <= ruleIndent) {
                    rules.add(new AlertRule(name, expr, Map.copyOf(fields)));  // left the rule's block
                    name = null;
                }
                if (key.equals("alert") || key.equals("record")) {
                    if (name != null) {
                        rules.add(new AlertRule(name, expr, Map.copyOf(fields)));
                    }
                    name = key.equals("alert") ? unquote(value) : null;
                    ruleIndent = indent;
                    expr = null;
                    fields = new LinkedHashMap<>();
                    continue;
                }
                if (name == null) {
                    continue;
                }
                if (value.matches("[|>][-+]?")) {
                    StringBuilder block = new StringBuilder();
                    while (n + 1 < lines.length && (lines[n + 1].isBlank() || leadingSpaces(lines[n + 1]) > indent)) {
                        block.append(lines[++n].trim()).append('\n');
                    }
                    value = block.toString().trim();
                } else {
                    value = unquote(value);
                }
                if (key.equals("expr")) {
                    expr = value;
                } else if (!value.isEmpty()) {
                    fields.put(key, value);
                }
            }
            if (name != null) {
                rules.add(new AlertRule(name, expr, Map.copyOf(fields)));
            }
            return rules;
        }

        private static String stripComment(String line) {
            return line.trim().startsWith("#") ? "" : line;
        }

        private static int leadingSpaces(String line) {
            int k = 0;
            while (k < line.length() && line.charAt(k) == ' ') {
                k++;
            }
            return k;
        }

        private static String unquote(String v) {
            if (v.length() >= 2 && v.charAt(0) == '"' && v.endsWith("\"")) {
                return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            if (v.length() >= 2 && v.charAt(0) == '\'' && v.endsWith("'")) {
                return v.substring(1, v.length() - 1).replace("''", "'");
            }
            return v;
        }
    }
}
