/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.LlmCost;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The LLM-call metrics: calls and errors, cost and unpriced calls by model, tokens by model, agent
 * type and (disjoint) token type, and the GenAI client histograms of the semantic conventions with their specified
 * buckets. Model label values are bounded like endpoints.
 */
final class LlmMetrics {

  /** {@code gen_ai.client.token.usage}: the buckets the GenAI semantic conventions specify. */
  static final double[] TOKEN_BUCKETS = {
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
  };

  /** {@code gen_ai.client.operation.duration}: the buckets the GenAI semantic conventions specify. */
  static final double[] DURATION_BUCKETS = {
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
  };

  private final Counter tokens;
  private final Counter calls;
  private final Counter cost;
  private final Counter unpriced;
  private final Histogram tokenUsage;
  private final Histogram duration;
  private final LabelLimiter models;

  LlmMetrics(PrometheusRegistry registry, Counter tokens, LabelLimiter models) {
    this.tokens = tokens;
    this.models = models;
    calls =
        Counter.builder()
            .name("agent_llm_calls_total")
            .help("LLM calls, by model, provider and status (ok or error)")
            .labelNames("model", "provider", "status")
            .register(registry);
    cost =
        Counter.builder()
            .name("agent_llm_cost_usd_total")
            .help("What LLM calls cost in US dollars, from the price table (llm.prices)")
            .labelNames("model")
            .register(registry);
    unpriced =
        Counter.builder()
            .name("agent_llm_unpriced_calls_total")
            .help("LLM calls with usage whose model has no price: not in agent_llm_cost_usd_total")
            .labelNames("model")
            .register(registry);
    tokenUsage =
        Histogram.builder()
            .name("gen_ai_client_token_usage")
            .help("Tokens per LLM call, by type (input, output), as the provider reported them")
            .labelNames(
                "gen_ai_operation_name",
                "gen_ai_provider_name",
                "gen_ai_request_model",
                "gen_ai_token_type")
            .classicOnly()
            .classicUpperBounds(TOKEN_BUCKETS)
            .register(registry);
    duration =
        Histogram.builder()
            .name("gen_ai_client_operation_duration_seconds")
            .help("LLM call duration in seconds, until the whole response (streamed or not)")
            .unit(Unit.SECONDS)
            .labelNames(
                "gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "error_type")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
  }

  void record(LlmCallObservation call, String agentType) {
    String model = models.limit(call.model());
    String requestModel =
        call.requestModel().isEmpty() ? model : models.limit(call.requestModel());
    String operation = call.operation();
    String provider = call.provider();
    calls.labelValues(model, provider, call.failed() ? "error" : "ok").inc();
    String errorType = call.errorType();
    duration
        .labelValues(operation, provider, requestModel, errorType == null ? "" : errorType)
        .observe(call.durationSeconds());
    if (call.inputTokens() >= 0) {
      tokenUsage.labelValues(operation, provider, requestModel, "input").observe(call.inputTokens());
    }
    if (call.outputTokens() >= 0) {
      tokenUsage
          .labelValues(operation, provider, requestModel, "output")
          .observe(call.outputTokens());
    }
    // disjoint types, so that summing every token_type counts each token once: "input" is the
    // uncached part of the input the call reported, the cache reads and writes are their own types
    long cacheRead = Math.max(call.cacheReadTokens(), 0);
    long cacheCreation = Math.max(call.cacheCreationTokens(), 0);
    addTokens(model, agentType, "input", call.inputTokens() - cacheRead - cacheCreation);
    addTokens(model, agentType, "output", call.outputTokens());
    addTokens(model, agentType, "cache_read", call.cacheReadTokens());
    addTokens(model, agentType, "cache_creation", call.cacheCreationTokens());
    LlmCost c = call.cost();
    if (c.priced()) {
      cost.labelValues(model).inc(c.usd());
    } else if (call.hasUsage()) {
      unpriced.labelValues(model).inc();
    }
  }

  private void addTokens(String model, String agentType, String tokenType, long count) {
    if (count > 0) {
      tokens.labelValues(model, agentType, tokenType).inc(count);
    }
  }
}
