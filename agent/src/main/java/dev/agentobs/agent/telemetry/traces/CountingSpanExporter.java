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

  private final SpanExporter delegate;
  private final SelfStats stats;

  CountingSpanExporter(SpanExporter delegate, SelfStats stats) {
    this.delegate = delegate;
    this.stats = stats;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
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
