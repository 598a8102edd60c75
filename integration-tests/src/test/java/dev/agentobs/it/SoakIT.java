/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Minutes of steady load leave the agent's footprint where it was after warm-up: heap after a full
 * GC and the thread count flat. A per-request leak of even a few hundred bytes shows at this
 * volume; so would a thread started per export or per scrape.
 *
 * <p>{@code -Dagentobs.soakSeconds=N} sets the measured load time (default 120).
 */
class SoakIT {

  private static final Duration WARM_UP = Duration.ofSeconds(30);
  private static final Duration LOAD =
      Duration.ofSeconds(Long.getLong("agentobs.soakSeconds", 120));
  private static final int CLIENTS = 16;
  /** Heap after GC may move by GC noise, not by the volume of requests. */
  private static final long HEAP_SLACK_BYTES = 4L * 1024 * 1024;

  @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();

  @Test
  void heapAfterGcAndThreadCountStayFlatUnderSteadyLoad() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        ObservedApp app =
            output.watch(
                ObservedApp.builder(receiver)
                    .jvmOption("-Xms128m")
                    .jvmOption("-Xmx128m")
                    .jvmOption("-XX:+UseG1GC")
                    .start())) {
      AtomicLong sent = new AtomicLong();
      load(app, WARM_UP, sent);
      Footprint before = Footprint.of(app);
      long sentBefore = sent.get();

      load(app, LOAD, sent);
      Footprint after = Footprint.of(app);
      long requests = sent.get() - sentBefore;

      System.out.printf(
          "soak: %d requests in %d s; heap after GC %.1f -> %.1f MiB; threads %d -> %d%n",
          requests, LOAD.toSeconds(), before.heapMiB(), after.heapMiB(), before.threads,
          after.threads);
      assertThat(requests).as("requests during the measured load").isGreaterThan(1000);
      assertThat(after.heapBytes)
          .as("heap after GC, after %d more requests (before: %d bytes)", requests, before.heapBytes)
          .isLessThanOrEqualTo(before.heapBytes + HEAP_SLACK_BYTES);
      // the app's own cached pools (the stub LLM's, the HTTP client's) grow and shrink with the
      // load's timing; a thread per export, scrape or request would add hundreds
      assertThat(after.threads).as("live threads").isLessThanOrEqualTo(before.threads + CLIENTS);
      PrometheusText metrics = app.scrapeMetrics();
      assertThat(metrics.sum("agent_obs_internal_errors_total", Map.of())).isZero();
      assertThat(metrics.sum("agent_obs_log_events_dropped_total", Map.of())).isZero();
    }
  }

  /** {@link #CLIENTS} threads posting distinct tasks back to back for {@code duration}. */
  private static void load(ObservedApp app, Duration duration, AtomicLong sent) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        running.add(clients.submit(() -> {
          SampleAppClient http = new SampleAppClient(app);
          while (System.nanoTime() < end) {
            long n = sent.incrementAndGet();
            // every tenth task fails in a step; the rest are distinct, so the phases run
            http.postTask("soak " + client + " " + n, n % 10 == 0 ? "error" : null);
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      clients.shutdown();
      clients.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** Heap used right after a full GC the test asked for, and the live thread count. */
  private record Footprint(long heapBytes, long threads) {

    static Footprint of(ObservedApp app) throws IOException, InterruptedException {
      // twice: the first collection may leave what finalisation and reference processing free
      gc(app.pid());
      gc(app.pid());
      PrometheusText metrics = app.scrapeMetrics();
      return new Footprint(
          (long) metrics.sum("jvm_memory_used_bytes", Map.of("area", "heap")),
          (long) metrics.sum("jvm_threads_current", Map.of()));
    }

    double heapMiB() {
      return heapBytes / (1024.0 * 1024.0);
    }

    private static void gc(long pid) throws IOException, InterruptedException {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process process =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("jcmd GC.run").isTrue();
      assertThat(process.exitValue()).as("jcmd GC.run exit code").isZero();
    }
  }
}
