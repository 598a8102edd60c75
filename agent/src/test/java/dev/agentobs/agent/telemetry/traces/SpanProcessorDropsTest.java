/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SpanProcessorDropsTest {

  @Test
  void countsTheSpansAFullBatchQueueDrops() throws InterruptedException {
    SpanProcessorDrops drops = new SpanProcessorDrops();
    SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(drops).build();
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong exported = new AtomicLong();
    SpanExporter stuck =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exported.addAndGet(spans.size());
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                BatchSpanProcessor.builder(stuck)
                    .setMaxQueueSize(10)
                    .setMaxExportBatchSize(5)
                    .setMeterProvider(meters)
                    .build())
            .build();
    Tracer tracer = tracing.get("test");

    assertThat(drops.getAsLong()).isZero();
    for (int i = 0; i < 100; i++) {
      tracer.spanBuilder("s" + i).startSpan().end();
    }
    release.countDown();
    tracing.shutdown().join(10, TimeUnit.SECONDS);

    assertThat(drops.getAsLong()).isPositive().isEqualTo(100 - exported.get());
    meters.close();
  }
}
