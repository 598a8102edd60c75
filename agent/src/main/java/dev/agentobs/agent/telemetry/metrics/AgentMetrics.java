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
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
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
    registerSelfMetrics(registry, stats);
  }

  private static void registerSelfMetrics(PrometheusRegistry registry, SelfStats stats) {
    CounterWithCallback.builder()
        .name("agent_obs_internal_errors_total")
        .help("Failures inside the agent, swallowed so the application is unaffected")
        .callback(cb -> cb.call(stats.internalErrors()))
        .register(registry);
    CounterWithCallback.builder()
        .name("agent_obs_log_events_dropped_total")
        .help("Log events dropped because the writer queue was full")
        .callback(cb -> cb.call(stats.logEventsDropped()))
        .register(registry);
    CounterWithCallback.builder()
        .name("agent_obs_spans_ended_total")
        .help("Spans ended and handed to the batch processor")
        .callback(cb -> cb.call(stats.spansEnded()))
        .register(registry);
    CounterWithCallback.builder()
        .name("agent_obs_spans_exported_total")
        .help("Spans the exporter delivered (ended - exported - failed = queued or dropped)")
        .callback(cb -> cb.call(stats.spansExported()))
        .register(registry);
    CounterWithCallback.builder()
        .name("agent_obs_spans_dropped_total")
        .help("Spans dropped because the span queue was full (raise OTEL_BSP_MAX_QUEUE_SIZE)")
        .callback(cb -> cb.call(stats.spansDropped()))
        .register(registry);
    CounterWithCallback.builder()
        .name("agent_obs_spans_export_failed_total")
        .help("Spans the exporter failed to deliver")
        .callback(cb -> cb.call(stats.spanExportFailures()))
        .register(registry);
    CounterWithCallback.builder()
        .name("agent_obs_startup_events_dropped_total")
        .help("Observations lost because they overflowed the buffer used while signals start")
        .callback(cb -> cb.call(stats.startupEventsDropped()))
        .register(registry);
    CounterWithCallback.builder()
        .name("agent_obs_label_overflow_total")
        .help("Observations whose label value was replaced by \"other\" to bound cardinality")
        .callback(cb -> cb.call(stats.labelOverflows()))
        .register(registry);
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
    requests.labelValues(task.httpMethod(), endpoint, Integer.toString(task.statusCode())).inc();
    observe(
        requestDuration.labelValues(task.httpMethod(), endpoint),
        task.durationSeconds(),
        task,
        requestExemplars);
  }

  @Override
  public void onPhaseEnd(PhaseObservation phase) {
    observe(
        phaseDuration.labelValues(
            phase.phase(), phase.agentType(), phase.error() == null ? "ok" : "error"),
        phase.durationSeconds(),
        phase,
        phaseExemplars);
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
    clientRequests
        .labelValues(call.method(), host, status > 0 ? Integer.toString(status) : "error")
        .inc();
    observe(
        clientDuration.labelValues(call.method(), host),
        call.durationSeconds(),
        call,
        clientExemplars);
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
      tokens.labelValues(model, agentType, tokenType).inc(count);
    }
  }

  /** Observes, now and then with an exemplar linking the bucket to the observation's trace. */
  private static void observe(
      DistributionDataPoint point,
      double seconds,
      Observation observation,
      ExemplarGate gate) {
    if (!observation.traced() || !gate.tryPass(observation.startNanos())) {
      point.observe(seconds);
    } else {
      point.observeWithExemplar(
          seconds, Labels.of("trace_id", observation.traceId(), "span_id", observation.spanId()));
    }
  }
}
