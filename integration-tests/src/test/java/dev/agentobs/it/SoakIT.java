/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
          "soak: %d requests in %d s; live heap %.1f -> %.1f MiB; threads %d -> %d%n",
          requests, LOAD.toSeconds(), before.heapMiB(), after.heapMiB(), before.threads,
          after.threads);
      assertThat(requests).as("requests during the measured load").isGreaterThan(1000);
      assertThat(after.heapBytes)
          .as("live heap, after %d more requests (before: %d bytes)", requests, before.heapBytes)
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

  /**
   * Live heap bytes and the live thread count, once the agent has caught up with the load. The
   * bytes are {@code GC.class_histogram}'s total: what survives a full GC, counted object by
   * object. The heap pools' "used" figures are not used: G1 counts eden in whole regions, so the
   * few allocations between the GC and a scrape moved them by megabytes.
   */
  private record Footprint(long heapBytes, long threads) {

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    static Footprint of(ObservedApp app) throws IOException, InterruptedException {
      // queued spans and log lines are live until written: a slow machine ends the load with a
      // backlog, which is not a leak, so wait until every span ended has been exported
      Await.pollUntil(Duration.ofSeconds(30), app::scrapeMetrics, Footprint::caughtUp);
      String histogram = jcmd(app.pid(), "GC.class_histogram");
      Matcher total = TOTAL.matcher(histogram);
      assertThat(total.find()).as("a Total line in GC.class_histogram:%n%s", histogram).isTrue();
      PrometheusText metrics = app.scrapeMetrics();
      return new Footprint(
          Long.parseLong(total.group(1)), (long) metrics.sum("jvm_threads_current", Map.of()));
    }

    double heapMiB() {
      return heapBytes / (1024.0 * 1024.0);
    }

    /** Spans exported, failed or dropped: every one ended, none still queued. */
    private static boolean caughtUp(PrometheusText metrics) {
      return metrics.sum("agent_obs_spans_exported_total", Map.of())
              + metrics.sum("agent_obs_spans_export_failed_total", Map.of())
              + metrics.sum("agent_obs_spans_dropped_total", Map.of())
          >= metrics.sum("agent_obs_spans_ended_total", Map.of());
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      // into a file, so a jcmd that hangs fails the test at the timeout rather than hanging it
      Path out = Files.createTempFile("soak-jcmd", ".txt");
      try {
        Process process =
            new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
          process.destroyForcibly();
        }
        assertThat(ended).as("jcmd " + command + " ended within 60 s").isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("jcmd %s exit code:%n%s", command, output).isZero();
        return output;
      } finally {
        Files.deleteIfExists(out);
      }
    }
  }
}
