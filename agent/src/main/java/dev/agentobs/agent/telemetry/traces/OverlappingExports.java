/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets the span export queue go back to its spans while earlier batches are still on the wire.
 * The queue, as the SDK's batch processor did, waits for each export to finish before it takes the
 * next batch, so on a busy machine one slow round trip to the collector overflowed it. Here up to
 * {@value #MAX_IN_FLIGHT} requests are in flight; a fifth waits for a free slot (on the exporter's
 * thread, never an application's). Only for an exporter that has read the batch by the time {@code
 * export} returns, as {@link PreEncodedOtlpExporter} has: the spans may be reused once it has.
 *
 * <p>The queue sees every export succeed at once; failures are counted by the {@link
 * CountingSpanExporter} this wraps, when the request completes.
 */
final class OverlappingExports implements SpanExporter {

  static final int MAX_IN_FLIGHT = 4;

  private final SpanExporter delegate;
  private final long waitMillis;
  private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);

  /** {@code waitMillis}: how long an export or a flush waits for requests in flight. */
  OverlappingExports(SpanExporter delegate, long waitMillis) {
    this.delegate = delegate;
    this.waitMillis = waitMillis;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    try {
      if (!slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
        // every request still pending after the export timeout: send anyway, as the SDK would
        return delegate.export(spans);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableResultCode.ofFailure();
    }
    CompletableResultCode sent;
    try {
      sent = delegate.export(spans);
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
    sent.whenComplete(slots::release);
    return CompletableResultCode.ofSuccess();
  }

  /** Waits for the requests in flight, then flushes the exporter. */
  @Override
  public CompletableResultCode flush() {
    if (!awaitInFlight()) {
      return CompletableResultCode.ofFailure();
    }
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    awaitInFlight();
    return delegate.shutdown();
  }

  private boolean awaitInFlight() {
    try {
      if (slots.tryAcquire(MAX_IN_FLIGHT, waitMillis, TimeUnit.MILLISECONDS)) {
        slots.release(MAX_IN_FLIGHT);
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return "OverlappingExports{" + delegate + "}";
  }
}
