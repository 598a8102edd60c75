/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import dev.agentobs.agent.observation.SelfStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * The agent's report on itself ({@code agent_obs_*}): what it dropped, failed or swallowed, read
 * from {@link SelfStats} at scrape time so the counting itself costs the hot path one add.
 */
final class SelfMetrics {

  static void register(PrometheusRegistry registry, SelfStats stats) {
    counter(registry, "agent_obs_internal_errors_total",
        "Failures inside the agent, swallowed so the application is unaffected",
        stats::internalErrors);
    counter(registry, "agent_obs_log_events_dropped_total",
        "Log events dropped because the writer queue was full", stats::logEventsDropped);
    counter(registry, "agent_obs_spans_ended_total",
        "Spans ended and handed to the batch processor", stats::spansEnded);
    counter(registry, "agent_obs_spans_exported_total",
        "Spans the exporter delivered (ended - exported - failed = queued or dropped)",
        stats::spansExported);
    counter(registry, "agent_obs_spans_dropped_total",
        "Spans dropped because the span queue was full (raise OTEL_BSP_MAX_QUEUE_SIZE)",
        stats::spansDropped);
    counter(registry, "agent_obs_spans_export_failed_total",
        "Spans the exporter failed to deliver", stats::spanExportFailures);
    counter(registry, "agent_obs_startup_events_dropped_total",
        "Observations lost because they overflowed the buffer used while signals start",
        stats::startupEventsDropped);
    counter(registry, "agent_obs_label_overflow_total",
        "Observations whose label value was replaced by \"other\" to bound cardinality",
        stats::labelOverflows);
    counter(registry, "agent_obs_classes_instrumented_total",
        "Classes the agent wove its advice into (a class retransformed again counts again)",
        stats::instrumentedClasses);
  }

  private static void counter(
      PrometheusRegistry registry, String name, String help, LongSupplier value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(value.getAsLong()))
        .register(registry);
  }

  private SelfMetrics() {}
}
