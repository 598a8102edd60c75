/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import dev.agentobs.agent.observation.CacheLookup;
import dev.agentobs.agent.observation.ClientCallObservation;
import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.observation.TokenUsage;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The metrics signal: the telemetry contract's RED, token, cache and phase metrics, plus the agent's
 * own health, and the LLM-call metrics ({@link LlmMetrics}). All instruments are built once; label values are bounded ({@link LabelLimiter}).
 */
public final class AgentMetrics implements ObservationListener {

  /** The seed's request buckets: AI-agent requests take seconds to minutes. */
  static final double[] REQUEST_BUCKETS = {0.1, 0.5, 1, 2, 5, 10, 30, 60, 120};

  /** Phases range from a cache check to a long LLM call. */
  static final double[] PHASE_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
  };

  private static final String[] STATUS_LABELS = statusLabels();

  private final Counter requests;
  private final Histogram requestDuration;
  private final Gauge activeRequests;
  private final Counter tokens;
  private final Counter cacheHits;
  private final Histogram phaseDuration;
  private final Counter clientRequests;
  private final Histogram clientDuration;
  private final ExemplarGate requestExemplars = new ExemplarGate();
  private final ExemplarGate phaseExemplars = new ExemplarGate();
  private final ExemplarGate clientExemplars = new ExemplarGate();
  private final LabelLimiter endpoints;
  private final LabelLimiter models;
  private final LabelLimiter hosts;
  private final LlmMetrics llm;
  private final LabelledChildren<CounterDataPoint> requestCounts;
  private final LabelledChildren<DistributionDataPoint> requestDurations;
  private final LabelledChildren<CounterDataPoint> tokenCounts;
  private final LabelledChildren<DistributionDataPoint> phaseDurations;
  private final LabelledChildren<CounterDataPoint> clientCounts;
  private final LabelledChildren<DistributionDataPoint> clientDurations;

  public AgentMetrics(PrometheusRegistry registry, SelfStats stats, int endpointLimit) {
    this(registry, stats, endpointLimit, endpointLimit);
  }

  /** With {@code modelLimit} distinct model label values kept ({@code metrics.model.limit}). */
  public AgentMetrics(
      PrometheusRegistry registry, SelfStats stats, int endpointLimit, int modelLimit) {
    this.endpoints = new LabelLimiter("endpoint", endpointLimit, stats);
    this.models = new LabelLimiter("model", modelLimit, stats, "metrics.model.limit");
    this.hosts = new LabelLimiter("host", endpointLimit, stats);
    requests =
        Counter.builder()
            .name("agent_requests_total")
            .help("Requests handled, by method, endpoint and HTTP status")
            .labelNames("method", "endpoint", "status")
            .register(registry);
    requestDuration =
        Histogram.builder()
            .name("agent_request_duration_seconds")
            .help("Request duration in seconds")
            .unit(Unit.SECONDS)
            .labelNames("method", "endpoint")
            .classicOnly()
            .classicUpperBounds(REQUEST_BUCKETS)
            .register(registry);
    activeRequests =
        Gauge.builder()
            .name("agent_active_requests")
            .help("Requests in progress")
            .register(registry);
    tokens =
        Counter.builder()
            .name("agent_tokens_used_total")
            .help("Tokens used as reported by the application or provider")
            .labelNames("model", "agent_type", "token_type")
            .register(registry);
    cacheHits =
        Counter.builder()
            .name("agent_cache_hits_total")
            .help("Cache lookups, by hit (true) or miss (false)")
            .labelNames("hit")
            .register(registry);
    phaseDuration =
        Histogram.builder()
            .name("agent_phase_duration_seconds")
            .help("Agent phase duration in seconds")
            .unit(Unit.SECONDS)
            .labelNames("phase", "agent_type", "status")
            .classicOnly()
            .classicUpperBounds(PHASE_BUCKETS)
            .register(registry);
    clientRequests =
        Counter.builder()
            .name("agent_http_client_requests_total")
            .help("Outgoing HTTP calls, by method, host and status (\"error\": no response)")
            .labelNames("method", "host", "status")
            .register(registry);
    clientDuration =
        Histogram.builder()
            .name("agent_http_client_request_duration_seconds")
            .help("Outgoing HTTP call duration in seconds, until the response headers or failure")
            .unit(Unit.SECONDS)
            .labelNames("method", "host")
            .classicOnly()
            .classicUpperBounds(PHASE_BUCKETS)
            .register(registry);
    llm = new LlmMetrics(registry, tokens, models);
    requestCounts = new LabelledChildren<>(requests::labelValues);
    requestDurations = new LabelledChildren<>(requestDuration::labelValues);
    tokenCounts = new LabelledChildren<>(tokens::labelValues);
    phaseDurations = new LabelledChildren<>(phaseDuration::labelValues);
    clientCounts = new LabelledChildren<>(clientRequests::labelValues);
    clientDurations = new LabelledChildren<>(clientDuration::labelValues);
    SelfMetrics.register(registry, stats);
  }

  /** The status label without a new string per request. */
  static String statusLabel(int status) {
    return status >= 0 && status < STATUS_LABELS.length
        ? STATUS_LABELS[status]
        : Integer.toString(status);
  }

  private static String[] statusLabels() {
    String[] labels = new String[600];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = Integer.toString(i);
    }
    return labels;
  }

  @Override
  public void onTaskStart(TaskObservation task) {
    if (task.kind() == TaskObservation.Kind.HTTP_SERVER) {
      activeRequests.inc();
    }
  }

  @Override
  public void onTaskEnd(TaskObservation task) {
    if (task.kind() != TaskObservation.Kind.HTTP_SERVER) {
      return; // a root phase task is measured by its phase's metrics
    }
    activeRequests.dec();
    String endpoint = endpoints.limit(task.route());
    requestCounts.get(task.httpMethod(), endpoint, statusLabel(task.statusCode())).inc();
    requestExemplars.observe(
        requestDurations.get(task.httpMethod(), endpoint),
        task.durationSeconds(),
        task);
  }

  @Override
  public void onPhaseEnd(PhaseObservation phase) {
    phaseExemplars.observe(
        phaseDurations.get(
            phase.phase(), phase.agentType(), phase.error() == null ? "ok" : "error"),
        phase.durationSeconds(),
        phase);
    TokenUsage usage = phase.tokens();
    if (usage != null) {
      String model = models.limit(usage.model());
      if (usage.hasSplit()) {
        add(model, phase.agentType(), "input", usage.inputTokens());
        add(model, phase.agentType(), "output", usage.outputTokens());
      } else {
        add(model, phase.agentType(), "total", usage.total());
      }
    }
  }

  @Override
  public void onClientCallEnd(ClientCallObservation call) {
    String host = hosts.limit(call.hostLabel());
    int status = call.statusCode();
    clientCounts.get(call.method(), host, status > 0 ? statusLabel(status) : "error").inc();
    clientExemplars.observe(
        clientDurations.get(call.method(), host),
        call.durationSeconds(),
        call);
  }

  @Override
  public void onLlmCallEnd(LlmCallObservation call) {
    llm.record(call, agentTypeOf(call));
  }

  /** The agent type of the phase an LLM call was made in, else the default one. */
  private static String agentTypeOf(Observation call) {
    for (Observation o = call.parent(); o != null; o = o.parent()) {
      if (o instanceof PhaseObservation) {
        return ((PhaseObservation) o).agentType();
      }
    }
    return PhaseObservation.DEFAULT_AGENT_TYPE;
  }

  @Override
  public void onCacheLookup(CacheLookup lookup) {
    cacheHits.labelValues(lookup.hit() ? "true" : "false").inc();
  }

  private void add(String model, String agentType, String tokenType, long count) {
    if (count > 0) {
      tokenCounts.get(model, agentType, tokenType).inc(count);
    }
  }
}
