/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.internal.AgentLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.function.LongSupplier;

/**
 * Reads how many spans the SDK's batch processor dropped because its queue was full. The processor
 * reports that only as its own metric ({@code processedSpans{dropped=true}}) to the SDK's meter
 * provider; this reader, registered there, collects it on demand so the agent can count and report
 * the drops instead of losing spans silently.
 */
final class SpanProcessorDrops implements MetricReader, LongSupplier {

  private static final String PROCESSED = "processedSpans";
  private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

  private volatile CollectionRegistration registration = CollectionRegistration.noop();

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  /** Spans dropped since start-up; also says so once on stderr when the first drop is seen. */
  @Override
  public long getAsLong() {
    long dropped = 0;
    for (MetricData metric : registration.collectAllMetrics()) {
      if (!PROCESSED.equals(metric.getName())) {
        continue;
      }
      for (LongPointData point : metric.getLongSumData().getPoints()) {
        if (Boolean.TRUE.equals(point.getAttributes().get(DROPPED))) {
          dropped += point.getValue();
        }
      }
    }
    if (dropped > 0) {
      AgentLog.warnOnce(
          "span-queue-full",
          "the span queue overflowed and spans were dropped, counted in"
              + " agent_obs_spans_dropped_total (raise OTEL_BSP_MAX_QUEUE_SIZE)");
    }
    return dropped;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    registration = CollectionRegistration.noop();
    return CompletableResultCode.ofSuccess();
  }
}
