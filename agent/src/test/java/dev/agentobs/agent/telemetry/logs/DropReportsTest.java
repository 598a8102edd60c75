/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.observation.SelfStats;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DropReportsTest {

  private final SelfStats stats = new SelfStats();
  private final AtomicLong spansDropped = new AtomicLong();

  DropReportsTest() {
    stats.setSpansDroppedSource(spansDropped::get);
  }

  @Test
  void nothingDroppedNothingSaid() {
    DropReports reports = new DropReports(stats, 60_000);
    assertThat(reports.due(false)).isEmpty();
    assertThat(reports.due(true)).isEmpty();
  }

  @Test
  void spanDropsAreSaidAtOnceThenAtMostOncePerIntervalWithTheCountSinceTheLastLine() {
    DropReports reports = new DropReports(stats, 60_000);
    spansDropped.set(7);
    List<LogEvent> first = reports.due(false);
    assertThat(first).singleElement().satisfies(line -> {
      assertThat(line.event).isEqualTo("spans_dropped");
      assertThat(line.level).isEqualTo(LogEvent.Level.WARN);
      assertThat(CollectedFields.of(line)).containsExactly("dropped", 7L, "dropped_total", 7L);
    });

    spansDropped.set(10);
    assertThat(reports.due(false)).as("within the interval").isEmpty();
    assertThat(reports.due(true))
        .as("at close")
        .singleElement()
        .satisfies(line ->
            assertThat(CollectedFields.of(line)).containsExactly("dropped", 3L, "dropped_total", 10L));
  }

  @Test
  void whileNothingIsDroppedTheCountsAreReadAtMostOncePerPoll() {
    AtomicInteger reads = new AtomicInteger();
    stats.setSpansDroppedSource(() -> {
      reads.incrementAndGet();
      return spansDropped.get();
    });
    AtomicLong clock = new AtomicLong(5_000_000_000L);
    DropReports reports = new DropReports(stats, 1, clock::get);
    for (int i = 0; i < 1000; i++) {
      clock.addAndGet(100_000); // the writer's batches, 0.1 ms apart
      assertThat(reports.due(false)).isEmpty();
    }
    assertThat(reads).as("reads in 100 ms").hasValue(1);

    clock.addAndGet(DropReports.POLL_NANOS);
    spansDropped.set(4);
    assertThat(reports.due(false)).as("the next poll").hasSize(1);
    assertThat(reads).hasValue(2);

    spansDropped.set(6);
    assertThat(reports.due(true)).as("at close, whatever the poll").hasSize(1);
    assertThat(reads).hasValue(3);
  }

  @Test
  void eachKindIsReportedOnItsOwnLine() {
    DropReports reports = new DropReports(stats, 1);
    spansDropped.set(2);
    stats.logEventDropped();
    assertThat(reports.due(true)).extracting(line -> line.event)
        .containsExactly("log_events_dropped", "spans_dropped");
  }
}
