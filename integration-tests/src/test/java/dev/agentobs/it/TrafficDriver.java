/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Steady background traffic to the sample app, as a live service sees it, so that every rate a
 * dashboard or an alert reads is fresh whenever the test queries it. Each round of five requests:
 * three new tasks, one repeat (served from the cache) and one failing task: 20% of requests answer
 * 500, and the analysis phase fails in one run out of four.
 */
final class TrafficDriver implements AutoCloseable {

  private static final Duration PAUSE = Duration.ofMillis(250);

  private final SampleAppClient client;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<SampleAppClient.Response> responses = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final Thread thread;

  private TrafficDriver(SampleAppClient client) {
    this.client = client;
    thread = new Thread(this::run, "traffic-driver");
    thread.setDaemon(true);
  }

  static TrafficDriver start(SampleAppClient client) {
    TrafficDriver driver = new TrafficDriver(client);
    driver.thread.start();
    return driver;
  }

  /** The responses so far. */
  List<SampleAppClient.Response> responses() {
    return List.copyOf(responses);
  }

  /** Requests that got no answer at all (the app must answer every one). */
  List<Throwable> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() {
    running.set(false);
    try {
      thread.join(Duration.ofSeconds(40).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    String run = Long.toHexString(System.nanoTime());
    for (int round = 0; running.get(); round++) {
      String task = "summarize report " + run + "-" + round;
      send(task, null);
      send(task, null); // the repeat: a cache hit
      send("compare vector stores " + run + "-" + round, null);
      send("draft a release note " + run + "-" + round, null);
      send("analyse the broken dataset " + run + "-" + round, "error");
    }
  }

  private void send(String task, String simulate) {
    if (!running.get()) {
      return;
    }
    try {
      responses.add(client.postTask(task, simulate));
    } catch (RuntimeException e) {
      failures.add(e);
    }
    Await.sleep(PAUSE);
  }
}
