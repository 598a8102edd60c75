/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.SelfStats;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Counts spans whose export failed, and says so once on stderr: a dead collector must be visible
 * without flooding the app's output.
 */
final class CountingSpanExporter implements SpanExporter {

  private static final long DROP_CHECK_INTERVAL_NANOS = 1_000_000_000L;

  private final SpanExporter delegate;
  private final SelfStats stats;
  private long nextDropCheck = System.nanoTime();

  CountingSpanExporter(SpanExporter delegate, SelfStats stats) {
    this.delegate = delegate;
    this.stats = stats;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    checkDropsNowAndThen();
    int count = spans.size();
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      failed(count, e.toString());
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            stats.spansExported(count);
          } else {
            Throwable cause = result.getFailureThrowable();
            failed(count, cause == null ? "export failed" : cause.toString());
          }
        });
    return result;
  }

  /**
   * Reading the queue's drop count also reports the first drop on stderr; doing it here, on the
   * export thread about once a second, says so even when nobody scrapes the metrics.
   */
  private void checkDropsNowAndThen() {
    long now = System.nanoTime();
    if (now - nextDropCheck >= 0) {
      nextDropCheck = now + DROP_CHECK_INTERVAL_NANOS;
      stats.spansDropped();
    }
  }

  private void failed(int count, String reason) {
    stats.spansFailedToExport(count);
    AgentLog.warnOnce(
        "span-export",
        "span export failed (" + reason + "); spans are dropped and counted in"
            + " agent_obs_spans_export_failed_total, the application is unaffected");
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
