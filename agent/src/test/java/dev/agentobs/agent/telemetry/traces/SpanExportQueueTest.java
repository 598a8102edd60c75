/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's span queue, fed by the SDK's own spans as the SDK's batch processor would be. */
class SpanExportQueueTest {

  private static final Duration NEVER = Duration.ofHours(1);

  /** What the exporter got, batch by batch, by span name. */
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();
  private final AtomicBoolean exporterShutDown = new AtomicBoolean();
  private final AtomicInteger threw = new AtomicInteger();
  /** Exports throw while this is above zero. */
  private final AtomicInteger throwing = new AtomicInteger();
  /** Exports wait for this. */
  private volatile CountDownLatch gate = new CountDownLatch(0);
  /** Whether every export so far ran on one of the agent's threads. */
  private final AtomicBoolean onAgentThreads = new AtomicBoolean(true);

  private final SpanExporter exporter =
      new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          if (!(Thread.currentThread() instanceof SenderThreads.SenderThread)) {
            onAgentThreads.set(false);
          }
          try {
            gate.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (throwing.getAndDecrement() > 0) {
            threw.incrementAndGet();
            throw new IllegalStateException("exporter broke");
          }
          batches.add(spans.stream().map(SpanData::getName).collect(Collectors.toList()));
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          exporterShutDown.set(true);
          return CompletableResultCode.ofSuccess();
        }
      };

  private SdkTracerProvider tracing;

  @AfterEach
  void shutDown() {
    if (tracing != null) {
      tracing.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private Tracer tracer(SpanExportQueue queue) {
    return tracer(queue, Sampler.alwaysOn());
  }

  private Tracer tracer(SpanExportQueue queue, Sampler sampler) {
    tracing = SdkTracerProvider.builder().setSampler(sampler).addSpanProcessor(queue).build();
    return tracing.get("test");
  }

  private static void end(Tracer tracer, String... names) {
    for (String name : names) {
      tracer.spanBuilder(name).startSpan().end();
    }
  }

  private int exported() {
    return batches.stream().mapToInt(List::size).sum();
  }

  private void awaitExported(int spans) throws InterruptedException {
    for (int i = 0; i < 1000 && exported() < spans; i++) {
      Thread.sleep(10);
    }
  }

  @Test
  void exportsABatchAsSoonAsItIsFullAndTheRestOnAFlush() throws InterruptedException {
    SpanExportQueue queue = new SpanExportQueue(exporter, 100, 5, NEVER, Duration.ofSeconds(10));
    Tracer tracer = tracer(queue);

    end(tracer, "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");
    awaitExported(10);
    assertThat(batches).containsExactly(List.of("a", "b", "c", "d", "e"), List.of("f", "g", "h", "i", "j"));

    assertThat(queue.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(batches).hasSize(3);
    assertThat(batches.get(2)).containsExactly("k", "l");
  }

  @Test
  void exportsWhatWaitsWhenTheDelayHasPassed() throws InterruptedException {
    SpanExportQueue queue =
        new SpanExportQueue(exporter, 100, 50, Duration.ofMillis(50), Duration.ofSeconds(10));
    Tracer tracer = tracer(queue);

    end(tracer, "a", "b", "c");
    awaitExported(3);

    assertThat(batches).containsExactly(List.of("a", "b", "c"));
  }

  @Test
  void countsEverySpanAFullQueueDrops() {
    gate = new CountDownLatch(1); // the exporter is stuck: the queue fills up
    SpanExportQueue queue = new SpanExportQueue(exporter, 10, 5, NEVER, Duration.ofSeconds(10));
    Tracer tracer = tracer(queue);

    assertThat(queue.getAsLong()).isZero();
    for (int i = 0; i < 100; i++) {
      end(tracer, "s" + i);
    }
    gate.countDown();
    assertThat(queue.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

    // at most the queue's 10 and the batch on its way out were kept: every other one is counted
    assertThat(exported()).isBetween(10, 15);
    assertThat(queue.getAsLong()).isEqualTo(100 - exported());
  }

  @Test
  void shutdownExportsWhatIsQueuedShutsTheExporterDownAndIgnoresLaterSpans() {
    SpanExportQueue queue = new SpanExportQueue(exporter, 100, 50, NEVER, Duration.ofSeconds(10));
    Tracer tracer = tracer(queue);
    end(tracer, "a", "b", "c");

    assertThat(queue.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(batches).containsExactly(List.of("a", "b", "c"));
    assertThat(exporterShutDown).isTrue();
    assertThat(queue.shutdown().isSuccess()).isTrue(); // a second call gets the same answer

    end(tracer, "late");
    assertThat(queue.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(exported()).isEqualTo(3);
    assertThat(queue.getAsLong()).isZero();
  }

  @Test
  void leavesSpansThatAreRecordedButNotSampledOut() {
    Sampler recordOnly =
        new Sampler() {
          @Override
          public SamplingResult shouldSample(
              Context parentContext,
              String traceId,
              String name,
              SpanKind spanKind,
              Attributes attributes,
              List<LinkData> parentLinks) {
            return SamplingResult.recordOnly();
          }

          @Override
          public String getDescription() {
            return "record only";
          }
        };
    SpanExportQueue queue = new SpanExportQueue(exporter, 100, 50, NEVER, Duration.ofSeconds(10));
    Tracer tracer = tracer(queue, recordOnly);

    end(tracer, "a", "b");

    assertThat(queue.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(exported()).isZero();
  }

  @Test
  void anExporterThatThrowsCostsOnlyItsBatch() throws InterruptedException {
    throwing.set(1);
    SpanExportQueue queue = new SpanExportQueue(exporter, 100, 2, NEVER, Duration.ofSeconds(10));
    Tracer tracer = tracer(queue);

    end(tracer, "a", "b", "c", "d");
    awaitExported(2);

    assertThat(threw).hasValue(1);
    assertThat(batches).containsExactly(List.of("c", "d"));
  }

  @Test
  void itsThreadIsTheAgentsSoTheHttpClientInstrumentationsSkipIt() throws InterruptedException {
    Tracer tracer = tracer(new SpanExportQueue(exporter, 100, 1, NEVER, Duration.ofSeconds(10)));

    end(tracer, "a", "b");
    awaitExported(2);

    assertThat(batches).hasSize(2);
    assertThat(onAgentThreads).isTrue();
  }
}
