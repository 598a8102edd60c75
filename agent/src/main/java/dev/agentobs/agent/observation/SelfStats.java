/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import dev.agentobs.bootstrap.AgentHooks;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters of the agent's own health, written by any part and exported by the metrics signal, so
 * no limit drops data silently and no signal needs to know another.
 */
public final class SelfStats {

  private final LongAdder internalErrors = new LongAdder();
  private final LongAdder logEventsDropped = new LongAdder();
  private final LongAdder spanExportFailures = new LongAdder();
  private final LongAdder spansEnded = new LongAdder();
  private final LongAdder spansExported = new LongAdder();
  private final LongAdder labelOverflows = new LongAdder();
  private final LongAdder startupEventsDropped = new LongAdder();
  private final LongAdder instrumentedClasses = new LongAdder();
  private volatile LongSupplier spansDroppedSource = () -> 0L;

  public void internalError() {
    internalErrors.increment();
  }

  public void logEventDropped() {
    logEventsDropped.increment();
  }

  public void spansFailedToExport(long count) {
    spanExportFailures.add(count);
  }

  /** Where the tracing signal's queue reports its drops. */
  public void setSpansDroppedSource(LongSupplier source) {
    spansDroppedSource = source;
  }

  /** Spans dropped because the span queue was full. */
  public long spansDropped() {
    return spansDroppedSource.getAsLong();
  }

  public void startupEventDropped() {
    startupEventsDropped.increment();
  }

  /** Observation events lost because the signals took too long to start. */
  public long startupEventsDropped() {
    return startupEventsDropped.sum();
  }

  public void spanEnded() {
    spansEnded.increment();
  }

  public void spansExported(long count) {
    spansExported.add(count);
  }

  /** Spans the tracing signal ended (handed to the span export queue). */
  public long spansEnded() {
    return spansEnded.sum();
  }

  /** Spans the exporter delivered; the gap to {@link #spansEnded} is queued, failed or dropped. */
  public long spansExported() {
    return spansExported.sum();
  }

  public void classInstrumented() {
    instrumentedClasses.increment();
  }

  public long instrumentedClasses() {
    return instrumentedClasses.sum();
  }

  public void labelOverflow() {
    labelOverflows.increment();
  }

  /** Failures swallowed in the agent: in hooks and signals, plus those inside inlined advice. */
  public long internalErrors() {
    return internalErrors.sum() + AgentHooks.internalErrors();
  }

  public long logEventsDropped() {
    return logEventsDropped.sum();
  }

  public long spanExportFailures() {
    return spanExportFailures.sum();
  }

  public long labelOverflows() {
    return labelOverflows.sum();
  }
}
