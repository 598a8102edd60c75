/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.internal.AgentLog;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;

/**
 * The queue between the spans the app's threads end and the exporter, and the thread that exports
 * them in batches: in place of the SDK's {@code BatchSpanProcessor}, with its {@code OTEL_BSP_*}
 * settings and their meaning (a batch when {@code max.export.batch.size} spans wait or {@code
 * schedule.delay} has passed, at most {@code max.queue.size} waiting, each export awaited for up
 * to {@code export.timeout}).
 *
 * <p>The SDK's processor reports the spans its full queue drops only as a metric of the SDK's meter
 * provider; reading them back took a metric reader there, and with it some 140 classes of the SDK's
 * metrics that nothing else in the agent uses. Here a drop is counted where it happens. Each batch
 * also goes out in a list of its own: the SDK reuses one, which lives in the old generation, where
 * storing a young span takes G1's card-marking barrier; samples in adding to that list, which never
 * grows, were 8 % of the thread's under load (2026-12-08 01:07 UTC). The app's threads write no
 * shared counter here but the queue's own index, and the thread is one of the agent's, which its
 * HTTP client instrumentations leave alone.
 */
final class SpanExportQueue implements SpanProcessor, LongSupplier {

  private final SpanExporter exporter;
  private final int capacity;
  private final int batchSize;
  private final long delayNanos;
  private final long timeoutNanos;
  private final MpscVarHandleArrayQueue<ReadableSpan> queue;
  private final LongAdder dropped = new LongAdder();
  private final ConcurrentLinkedQueue<CompletableResultCode> flushes =
      new ConcurrentLinkedQueue<>();
  private final AtomicReference<CompletableResultCode> shutdown = new AtomicReference<>();
  private final Thread thread;
  /**
   * The thread waits for the batch to fill: the first offer to see it full wakes the thread (one
   * wake-up, not one from every offer until the thread runs).
   */
  private final AtomicBoolean idle = new AtomicBoolean();

  SpanExportQueue(
      SpanExporter exporter, int capacity, int batchSize, Duration delay, Duration timeout) {
    this.exporter = exporter;
    this.capacity = capacity;
    this.batchSize = Math.min(batchSize, capacity); // as the SDK's builder does
    this.delayNanos = delay.toNanos();
    this.timeoutNanos = timeout.toNanos() > 0 ? timeout.toNanos() : Long.MAX_VALUE;
    this.queue = new MpscVarHandleArrayQueue<>(Math.max(capacity, 2));
    this.thread = new SenderThreads.SenderThread(this::run, "agent-obs-span-export");
    thread.start();
  }

  /** With the settings the SDK's batch processor would have read; they are valid (it checked). */
  static SpanExportQueue configured(SpanExporter exporter, ConfigProperties props) {
    return new SpanExportQueue(
        exporter,
        props.getInt("otel.bsp.max.queue.size", 2048),
        props.getInt("otel.bsp.max.export.batch.size", 512),
        props.getDuration("otel.bsp.schedule.delay", Duration.ofSeconds(5)),
        exportTimeout(props));
  }

  /** How long the queue waits for an export ({@code OTEL_BSP_EXPORT_TIMEOUT}, the SDK's 30 s). */
  static Duration exportTimeout(ConfigProperties props) {
    return props.getDuration("otel.bsp.export.timeout", Duration.ofSeconds(30));
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled() || shutdown.get() != null) {
      return;
    }
    // the array rounds its size up to a power of two: the threshold keeps max.queue.size exact
    if (!queue.offerIfBelowThreshold(span, capacity)) {
      dropped.increment(); // said on stderr from the export thread (getAsLong), not from this one
    } else if (idle.get() && queue.size() >= batchSize && idle.compareAndSet(true, false)) {
      LockSupport.unpark(thread);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Spans dropped because the queue was full; says so once on stderr when the first is seen. */
  @Override
  public long getAsLong() {
    long count = dropped.sum();
    if (count > 0) {
      AgentLog.warnOnce(
          "span-queue-full",
          "the span queue overflowed and spans were dropped, counted in"
              + " agent_obs_spans_dropped_total (raise OTEL_BSP_MAX_QUEUE_SIZE)");
    }
    return count;
  }

  /**
   * Exports every span queued now, then flushes the exporter; done when both are. Once shut down,
   * done when the shutdown is.
   */
  @Override
  public CompletableResultCode forceFlush() {
    CompletableResultCode stopping = shutdown.get();
    if (stopping != null) {
      return stopping;
    }
    CompletableResultCode result = new CompletableResultCode();
    flushes.add(result);
    LockSupport.unpark(thread);
    CompletableResultCode stoppedMeanwhile = shutdown.get();
    if (stoppedMeanwhile != null) { // the thread may have stopped without seeing this request
      stoppedMeanwhile.whenComplete(() -> complete(result, stoppedMeanwhile.isSuccess()));
    }
    return result;
  }

  /** Exports what is queued, then shuts the exporter down; new spans are ignored from now on. */
  @Override
  public CompletableResultCode shutdown() {
    CompletableResultCode result = new CompletableResultCode();
    if (!shutdown.compareAndSet(null, result)) {
      return shutdown.get();
    }
    LockSupport.unpark(thread);
    return result;
  }

  private void run() {
    long nextExport = System.nanoTime() + delayNanos;
    while (true) {
      CompletableResultCode stopping = shutdown.get();
      List<CompletableResultCode> flushing = takeFlushes();
      long now = System.nanoTime();
      if (stopping != null || !flushing.isEmpty()) {
        boolean flushed = exportQueued();
        for (CompletableResultCode flush : flushing) {
          complete(flush, flushed);
        }
        if (stopping != null) {
          stop(stopping);
          return;
        }
        nextExport = System.nanoTime() + delayNanos;
      } else if (queue.size() >= batchSize || now - nextExport >= 0) {
        exportBatch();
        nextExport = System.nanoTime() + delayNanos;
      } else {
        await(nextExport - now);
      }
    }
  }

  private List<CompletableResultCode> takeFlushes() {
    List<CompletableResultCode> taken = new ArrayList<>(0);
    for (CompletableResultCode flush; (flush = flushes.poll()) != null; ) {
      taken.add(flush);
    }
    return taken;
  }

  /**
   * Sleeps until the batch is full, a flush or the shutdown asks, or the delay has passed. The
   * flag is set before the queue is looked at again, so an offer that fills the batch meanwhile
   * is either seen here or wakes the thread.
   */
  private void await(long nanos) {
    idle.set(true);
    if (queue.size() < batchSize && flushes.isEmpty() && shutdown.get() == null) {
      LockSupport.parkNanos(this, nanos);
    }
    idle.set(false);
  }

  /** Exports the spans queued now, batch by batch, then flushes the exporter: whether it could. */
  private boolean exportQueued() {
    for (int left = queue.size(); left > 0; ) {
      int exported = exportBatch();
      if (exported == 0) {
        break;
      }
      left -= exported;
    }
    return exporter.flush().join(timeoutNanos, TimeUnit.NANOSECONDS).isSuccess();
  }

  /** Exports up to a batch of spans and waits for the export; how many it took off the queue. */
  private int exportBatch() {
    List<SpanData> batch = new ArrayList<>(Math.max(1, Math.min(batchSize, queue.size())));
    queue.drain(span -> batch.add(span.toSpanData()), batchSize);
    if (batch.isEmpty()) {
      return 0;
    }
    try {
      exporter.export(Collections.unmodifiableList(batch)).join(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      // the exporters in front count and report failures; one that throws anyway costs this batch
      AgentLog.debugOnce("span-export-threw", "a span exporter threw: " + e);
    }
    return batch.size();
  }

  private void stop(CompletableResultCode result) {
    CompletableResultCode closed;
    try {
      closed = exporter.shutdown();
    } catch (RuntimeException e) {
      AgentLog.debugOnce("span-exporter-shutdown", "a span exporter failed to shut down: " + e);
      closed = CompletableResultCode.ofFailure();
    }
    CompletableResultCode done = closed;
    done.whenComplete(() -> complete(result, done.isSuccess()));
  }

  private static void complete(CompletableResultCode result, boolean success) {
    if (success) {
      result.succeed();
    } else {
      result.fail();
    }
  }

  @Override
  public String toString() {
    return "SpanExportQueue{capacity=" + capacity + ", batchSize=" + batchSize + ", exporter="
        + exporter + "}";
  }
}
