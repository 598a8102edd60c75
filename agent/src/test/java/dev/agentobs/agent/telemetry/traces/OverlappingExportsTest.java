/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.observation.SelfStats;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OverlappingExportsTest {

  /** An exporter whose requests stay in flight until the test completes them. */
  private static final class SlowCollector implements SpanExporter {
    final List<CompletableResultCode> requests = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      CompletableResultCode result = new CompletableResultCode();
      requests.add(result);
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private final SlowCollector collector = new SlowCollector();
  private final SelfStats stats = new SelfStats();
  private final OverlappingExports exports =
      new OverlappingExports(new CountingSpanExporter(collector, stats), 30_000);

  private static void awaitBlocked(Thread thread) throws InterruptedException {
    while (thread.getState() != Thread.State.TIMED_WAITING
        && thread.getState() != Thread.State.WAITING) {
      Thread.sleep(5);
    }
  }

  @Test
  void theProcessorMovesOnWhileUpToFourRequestsAreInFlightAndAFifthWaitsForOne() throws Exception {
    for (int i = 0; i < OverlappingExports.MAX_IN_FLIGHT; i++) {
      assertThat(exports.export(List.of()).isSuccess()).isTrue();
    }
    assertThat(collector.requests).hasSize(4).noneMatch(CompletableResultCode::isDone);

    CompletableFuture<CompletableResultCode> fifth = new CompletableFuture<>();
    Thread exporter = new Thread(() -> fifth.complete(exports.export(List.of())));
    exporter.start();
    awaitBlocked(exporter);
    assertThat(fifth).isNotDone();
    assertThat(collector.requests).hasSize(4);

    collector.requests.get(0).succeed();
    assertThat(fifth.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(collector.requests).hasSize(5);
  }

  @Test
  void aFailedRequestFreesItsSlotAndIsCountedWhenItFails() throws Exception {
    List<SpanData> threeSpans = Collections.nCopies(3, null); // the collector only counts them
    for (int i = 0; i < OverlappingExports.MAX_IN_FLIGHT; i++) {
      assertThat(exports.export(threeSpans).isSuccess()).isTrue();
    }
    assertThat(stats.spanExportFailures()).isZero();
    collector.requests.forEach(CompletableResultCode::fail);

    assertThat(stats.spanExportFailures()).isEqualTo(12);
    assertThat(exports.export(threeSpans).isSuccess()).isTrue();
    assertThat(collector.requests).hasSize(5);
  }

  @Test
  void flushAndShutdownWaitForTheRequestsInFlight() throws Exception {
    exports.export(List.of());
    exports.export(List.of());

    CompletableFuture<CompletableResultCode> flushed = new CompletableFuture<>();
    Thread flusher = new Thread(() -> flushed.complete(exports.shutdown()));
    flusher.start();
    awaitBlocked(flusher);
    assertThat(flushed).isNotDone();

    collector.requests.get(0).succeed();
    collector.requests.get(1).succeed();
    assertThat(flushed.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
  }
}
