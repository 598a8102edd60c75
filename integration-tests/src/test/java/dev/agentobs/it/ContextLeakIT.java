/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No leak: 200,000 tasks handed out from inside requests, through a thread pool ({@code execute}
 * and {@code submit}), a fork-join pool and, on JDK 21+, virtual threads, with the agent attached
 * ({@code probes/FanOutService.java}). The heap after full collections ends where it started: the
 * agent keeps nothing per task (a context is referenced by the task, weakly when kept aside, and
 * dropped from the thread when the task ends).
 */
class ContextLeakIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int REQUESTS = 100;
  private static final int TASKS_PER_REQUEST = 2_000;
  /**
   * What the heap may grow by over 200,000 tasks: 40 bytes kept per task would be 8 MB. JIT and
   * class loading happen in the warm-up before the first measurement.
   */
  private static final long ALLOWED_GROWTH_BYTES = 6L * 1024 * 1024;

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  @Test
  void heapAfterGcReturnsToItsStartingLevelAfter200000Tasks() throws IOException {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      int[] ports = FreePorts.next(2);
      try (SourceProbe service =
          output.watch(
              ContextAcrossThreadsIT.fanOutService(receiver, ports[0], ports[1])
                  .jvmOption("-Xmx256m", "-XX:+UseG1GC")
                  .start())) {
        ContextAcrossThreadsIT.awaitReady(service, ports[0], ports[1]);
        URI base = URI.create("http://127.0.0.1:" + ports[0]);
        for (int i = 0; i < 10; i++) {
          burst(base, "leak-warmup-" + i);
        }
        long[] before = heap(base);

        for (int i = 0; i < REQUESTS; i++) {
          burst(base, "leak-" + i);
        }
        long[] after = heap(base);

        assertThat(after[0] - before[0])
            .as("heap after GC grew from %d to %d bytes over %d tasks",
                before[0], after[0], REQUESTS * TASKS_PER_REQUEST)
            .isLessThan(ALLOWED_GROWTH_BYTES);
        assertThat(after[1]).as("contexts kept aside for threads or tasks that never ran").isZero();
        // the tasks did carry their request: the observed ones logged its id
        List<ObjectNode> steps =
            Await.pollUntil(
                WAIT,
                () -> JsonLines.parseLenient(service.stdoutLines()).events("leak-7", "phase_complete"),
                found -> found.size() >= TASKS_PER_REQUEST / 1000);
        assertThat(steps).allSatisfy(line -> assertThat(text(line, "phase")).isEqualTo("step"));
        System.out.printf(
            "ContextLeakIT: heap after GC %d -> %d bytes over %d tasks on JDK %s%n",
            before[0], after[0], REQUESTS * TASKS_PER_REQUEST, Runtime.version());
      }
    }
  }

  private static void burst(URI base, String requestId) {
    HttpResponse<String> response =
        ServiceProcess.get(
            base.resolve("/burst?tasks=" + TASKS_PER_REQUEST), "X-Request-ID", requestId);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /** Used heap after full collections, and the contexts still kept aside. */
  private static long[] heap(URI base) {
    HttpResponse<String> response = ServiceProcess.get(base.resolve("/heap"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String[] parts = response.body().split(" ");
    return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
  }
}
