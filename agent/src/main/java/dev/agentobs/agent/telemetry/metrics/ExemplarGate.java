/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import dev.agentobs.agent.observation.Observation;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one observation per interval carry an exemplar. Prometheus's exemplar sampler keeps at most
 * one exemplar per bucket per ~90 ms anyway, but building the exemplar's labels for every
 * observation showed up in profiles (label-name validation and sorting); so most observations skip
 * it, at the sampler's own rate.
 */
final class ExemplarGate {

  static final long INTERVAL_NANOS = 90_000_000L;

  private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());

  /** Observes, now and then with an exemplar linking the bucket to the observation's trace. */
  void observe(DistributionDataPoint point, double value, Observation observation) {
    if (!observation.traced() || !tryPass(observation.startNanos())) {
      point.observe(value);
    } else {
      point.observeWithExemplar(
          value, Labels.of("trace_id", observation.traceId(), "span_id", observation.spanId()));
    }
  }

  boolean tryPass(long nowNanos) {
    long next = nextAllowed.get();
    return nowNanos - next >= 0 && nextAllowed.compareAndSet(next, nowNanos + INTERVAL_NANOS);
  }
}
