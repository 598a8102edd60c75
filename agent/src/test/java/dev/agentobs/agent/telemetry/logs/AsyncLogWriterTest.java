/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.telemetry.logs.LogEvent.Level;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lock-free queue between app threads and the writer: its bound, its wake-up, its threads. */
class AsyncLogWriterTest {

  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final SelfStats stats = new SelfStats();

  @Test
  void theQueueHoldsExactlyLogQueueSizeThoughItsArrayIsAPowerOfTwo() {
    AsyncLogWriter writer = writer(100, HOUR);
    // not started: nothing takes lines off the queue
    for (int i = 0; i < 150; i++) {
      writer.offer(event("m" + i));
    }
    assertThat(stats.logEventsDropped()).isEqualTo(50);
    writer.close();
    assertThat(messages()).hasSize(100).startsWith("m0").endsWith("m99");
  }

  @Test
  void aLineOfferedToAnIdleWriterWakesItRatherThanWaitingOutItsPause() throws Exception {
    // an idle pause of an hour: only the offer's wake-up can get the line written in time
    AsyncLogWriter writer = writer(64, HOUR);
    writer.start();
    Thread thread = writerThread();
    awaitParked(thread);
    writer.offer(event("after a quiet spell"));
    awaitLines(1);
    assertThat(messages()).containsExactly("after a quiet spell");
    // and again, once it went back to sleep
    awaitParked(thread);
    writer.offer(event("another"));
    awaitLines(2);
    writer.close();
  }

  @Test
  void linesFromManyThreadsAreEachWrittenOnce() throws Exception {
    int threads = 8;
    int perThread = 5_000;
    AsyncLogWriter writer = writer(threads * perThread, TimeUnit.MILLISECONDS.toNanos(100));
    writer.start();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String prefix = "t" + t + "-";
      Thread producer =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  writer.offer(event(prefix + i));
                }
              });
      producer.start();
      producers.add(producer);
    }
    go.countDown();
    for (Thread producer : producers) {
      producer.join();
    }
    writer.close();

    List<String> messages = messages();
    Set<String> distinct = new HashSet<>(messages);
    assertThat(stats.logEventsDropped()).isZero();
    assertThat(messages).hasSize(threads * perThread);
    assertThat(distinct).hasSize(threads * perThread).contains("t0-0", "t7-4999");
  }

  private AsyncLogWriter writer(int capacity, long idleNanos) {
    return new AsyncLogWriter(
        capacity, new JsonLineWriter("svc"), out, stats, 10_000, 4096, 1_000_000L, idleNanos);
  }

  private static Thread writerThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("agent-obs-log-writer") && t.isAlive())
        .reduce((a, b) -> b.getId() > a.getId() ? b : a)
        .orElseThrow();
  }

  private static void awaitParked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    // the gathering pause is TIMED_WAITING too: let it pass (1 ms) into the idle sleep
    Thread.sleep(50);
    assertThat(thread.getState()).isEqualTo(Thread.State.TIMED_WAITING);
  }

  private void awaitLines(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (lineCount() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(lineCount()).as("lines written").isEqualTo(count);
  }

  private long lineCount() {
    return text().chars().filter(c -> c == '\n').count();
  }

  // ByteArrayOutputStream's methods synchronize on it: a read sees whole writes
  private String text() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<String> messages() {
    List<String> messages = new ArrayList<>();
    for (String line : text().split("\n")) {
      if (line.contains("\"event\":\"task_start\"")) {
        int at = line.indexOf("\"message\":\"") + 11;
        messages.add(line.substring(at, line.indexOf('"', at)));
      }
    }
    return messages;
  }

  private static LogEvent event(String message) {
    return new LogEvent(
        System.currentTimeMillis(), Level.INFO, "logger", message, "task_start", "req-1", "", "",
        new Object[0]);
  }
}
