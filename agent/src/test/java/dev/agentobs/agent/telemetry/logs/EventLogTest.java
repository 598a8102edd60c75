/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.agentobs.agent.config.ConfigOptions;
import dev.agentobs.agent.observation.AppLogRecord;
import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.observation.TokenUsage;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.Observer.PhaseScope;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.telemetry.logs.LogEvent.Level;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLogTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @Test
  void everyLineIsValidJsonForHostileInput() throws IOException {
    String hostile =
        "quote\" backslash\\ newline\n tab\t nul\u0000 bell\u0007 del\u007f lone-high\uD800 x"
            + " lone-low\uDC00 pair\uD83D\uDE00 </script> \u2028";
    JsonLineWriter writer = new JsonLineWriter("svc\"\n");
    writer.write(event(hostile, "k", hostile), out);
    writer.write(event("plain", "n", 42L), out);

    List<Map<String, Object>> lines = parseLines();
    assertThat(lines).hasSize(2);
    assertThat((String) lines.get(0).get("message"))
        .startsWith("quote\" backslash\\ newline\n tab\t nul\u0000")
        .contains("lone-high\uFFFD x", "lone-low\uFFFD", "pair\uD83D\uDE00");
    assertThat(lines.get(0).get("service")).isEqualTo("svc\"\n");
    assertThat(lines.get(1).get("n")).isEqualTo(42L);
  }

  @Test
  void megabyteFieldsAreTruncatedWithAMarker() throws IOException {
    String huge = "x".repeat(1_000_000);
    new JsonLineWriter("svc").write(event("m", "big", huge), out);
    String big = (String) parseLines().get(0).get("big");
    assertThat(big).hasSize(LogFormat.DEFAULT_MAX_FIELD_CHARS + JsonLineWriter.TRUNCATED.length());
    assertThat(big).endsWith(JsonLineWriter.TRUNCATED);
  }

  @Test
  void timestampIsUtcIsoWithMillisAndZ() throws IOException {
    new JsonLineWriter("svc").write(event("m"), out);
    assertThat((String) parseLines().get(0).get("timestamp"))
        .isEqualTo("2025-12-05T10:30:00.007Z");
  }

  @Test
  void traceFieldsAppearOnlyInsideASpan() throws IOException {
    JsonLineWriter writer = new JsonLineWriter("svc");
    writer.write(event("m"), out);
    writer.write(
        new LogEvent(0, Level.INFO, "l", "m", "e", "r", "", "", new Object[0]), out);
    List<Map<String, Object>> lines = parseLines();
    assertThat(lines.get(0)).containsEntry("trace_id", "0af7651916cd43dd8448eb211c80319c");
    assertThat(lines.get(1)).doesNotContainKey("trace_id").doesNotContainKey("span_id");
  }

  @Test
  void asyncWriterDropsAndCountsWhenFullAndFlushesOnClose() throws IOException {
    SelfStats stats = new SelfStats();
    BlockingStream blocking = new BlockingStream();
    AsyncLogWriter writer = new AsyncLogWriter(16, new JsonLineWriter("svc"), blocking, stats);
    writer.start();
    for (int i = 0; i < 1000; i++) {
      writer.offer(event("m" + i));
    }
    assertThat(stats.logEventsDropped()).isGreaterThan(0);
    long accepted = 1000 - stats.logEventsDropped();
    blocking.release();
    writer.close();
    out.write(blocking.bytes.toByteArray());
    List<Map<String, Object>> lines = parseLines();
    List<Map<String, Object>> reports = new ArrayList<>();
    lines.removeIf(line -> "log_events_dropped".equals(line.get("event")) && reports.add(line));
    assertThat(lines).hasSize((int) accepted);
    // reported in the log itself: at once for the first drops, then once per interval at most
    assertThat(reports).isNotEmpty().hasSizeLessThanOrEqualTo(2);
    assertThat(reports.get(reports.size() - 1))
        .containsEntry("dropped_total", stats.logEventsDropped())
        .containsEntry("level", "WARN");
    assertThat(reports.stream().mapToLong(r -> (Long) r.get("dropped")).sum())
        .isEqualTo(stats.logEventsDropped());
  }

  @Test
  void aFullBatchIsFollowedAtOnceByTheNextNotAfterTheGatheringPause() throws Exception {
    SelfStats stats = new SelfStats();
    // batches of 10 lines, an hour between two wake-ups: only back-to-back batches write them all
    AsyncLogWriter writer =
        new AsyncLogWriter(
            1000, new JsonLineWriter("svc"), out, stats, 10_000, 10, TimeUnit.HOURS.toNanos(1),
            TimeUnit.HOURS.toNanos(1));
    for (int i = 0; i < 95; i++) {
      writer.offer(event("m" + i));
    }
    writer.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (lineCount() < 95 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(lineCount()).isEqualTo(95);
    assertThat(stats.logEventsDropped()).isZero();
    writer.close();
  }

  private long lineCount() {
    return out.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
  }

  @Test
  void aLineOfferedAfterCloseIsWrittenNotDropped() throws IOException {
    SelfStats stats = new SelfStats();
    AsyncLogWriter writer = new AsyncLogWriter(16, new JsonLineWriter("svc"), out, stats);
    writer.start();
    writer.offer(event("before"));
    writer.close();
    // a request ending while the other shutdown steps still run
    writer.offer(event("after"));

    assertThat(parseLines()).extracting(line -> line.get("message"))
        .containsExactly("before", "after");
    assertThat(stats.logEventsDropped()).isZero();
  }

  @Test
  void phaseStartIsADebugEventAndCompletionCarriesTheIdsOfItsSpan() throws IOException {
    for (String level : List.of("info", "debug")) {
      out.reset();
      SelfStats stats = new SelfStats();
      EventLog log = EventLog.start("svc", level, out, 64, stats);
      Observer observer = new Observer(List.of(log), stats);
      PhaseScope phase = observer.startPhase("planning", "planner", "a.Planner", "a.Planner.plan");
      phase.phase().setTraceIds(1L, 2L, 3L);
      observer.endPhase(phase, null, null);
      log.close();

      List<String> events = new ArrayList<>();
      for (Map<String, Object> line : parseLines()) {
        events.add(line.get("event") + " " + line.get("level"));
        if ("phase_complete".equals(line.get("event"))) {
          assertThat(line.get("trace_id")).isEqualTo("00000000000000010000000000000002");
          assertThat(line.get("span_id")).isEqualTo("0000000000000003");
          assertThat(line.get("code_function")).isEqualTo("a.Planner.plan");
        }
      }
      if (level.equals("info")) {
        assertThat(events).containsExactly("task_start INFO", "phase_complete INFO",
            "task_complete INFO");
      } else {
        assertThat(events).containsExactly("task_start INFO", "phase_start DEBUG",
            "phase_complete INFO", "task_complete INFO");
      }
    }
  }

  /**
   * log.phase.level at its default (debug): the task's lines stay at info, a completed phase drops
   * to debug, a failed one stays an error.
   */
  @Test
  void phaseCompletionIsWrittenAtTheLevelConfiguredForPhasesAndAFailureStaysAnError()
      throws IOException {
    String phaseLevel = ConfigOptions.LOG_PHASE_LEVEL.defaultValue();
    for (String level : List.of("info", "debug")) {
      out.reset();
      SelfStats stats = new SelfStats();
      EventLog log = EventLog.start("svc", level, phaseLevel, out, 64, stats);
      Observer observer = new Observer(List.of(log), stats);
      TaskObservation task =
          observer.startTask(TaskObservation.httpServer("r-1", "GET", "/t", "/t", null, null, null));
      observer.endPhase(observer.startPhase("planning", "", "a.P", "a.P.plan"), null, null);
      observer.endPhase(
          observer.startPhase("writing", "", "a.W", "a.W.run"), new IllegalStateException(), null);
      observer.endTask(task, 200, null);
      log.close();

      List<String> events = new ArrayList<>();
      for (Map<String, Object> line : parseLines()) {
        events.add(line.get("event") + " " + line.get("level") + " " + line.get("phase"));
      }
      if (level.equals("info")) {
        assertThat(events).containsExactly("task_start INFO null", "phase_error ERROR writing",
            "task_complete INFO null");
      } else {
        assertThat(events).containsExactly("task_start INFO null", "phase_start DEBUG planning",
            "phase_complete DEBUG planning", "phase_start DEBUG writing",
            "phase_error ERROR writing", "task_complete INFO null");
      }
    }
  }

  /**
   * A failed phase's line reads its exception's message on the writer thread: an exception whose
   * getMessage() throws, even an Error, costs that line (counted), not the writer or the lines after.
   */
  @Test
  void anExceptionWhoseMessageThrowsLosesItsLineNotTheWriter() throws IOException {
    SelfStats stats = new SelfStats();
    EventLog log = EventLog.start("svc", "info", out, 64, stats);
    Observer observer = new Observer(List.of(log), new SelfStats());
    for (Throwable hostile : List.of(new IllegalStateException("x") {
          @Override
          public String getMessage() {
            throw new UnsupportedOperationException("no message");
          }
        }, new IllegalStateException("y") {
          @Override
          public String getMessage() {
            throw new AssertionError("no message either");
          }
        })) {
      PhaseScope failing = observer.startPhase("failing", "", "a.F", "a.F.run");
      observer.endPhase(failing, hostile, null);
    }
    PhaseScope fine = observer.startPhase("fine", "", "a.F", "a.F.run");
    observer.endPhase(fine, null, null);
    log.close();

    List<String> events = new ArrayList<>();
    for (Map<String, Object> line : parseLines()) {
      events.add(line.get("event") + " " + line.get("phase") + line.get("task"));
    }
    // a phase outside a request is its own task: the failed ones' task_error lines are lost too
    assertThat(events).containsExactly("task_start nullfailing", "task_start nullfailing",
        "task_start nullfine", "phase_complete finenull", "task_complete nullfine");
    assertThat(stats.internalErrors()).isEqualTo(4);
  }

  /**
   * A phase that reported its own usage started no LLM call; should work it handed to another
   * thread start one after it ended, its line still has each name once, and its own usage.
   */
  @Test
  void aPhaseLineNamesItsTokensOnceEvenWhenACallStartsAfterItEnded() {
    Observer observer = new Observer(List.of(), new SelfStats());
    TaskObservation task = observer.startTask(TaskObservation.httpServer(
        "req-1", "POST", "/plan", "/plan", null, null, new Object()));
    PhaseScope phase = observer.startPhase("planning", "", "a.P", "a.P.plan");
    Observation handedOn = observer.capture();
    observer.endPhase(phase, null, new TokenUsage("gpt-4o", 10, 5, -1));
    Object scope = observer.attach(handedOn);
    LlmCallObservation late = observer.newLlmCall();
    late.setRequest("chat", "openai", "gpt-4o");
    observer.startLlmCall(late);
    late.setUsage(100, 50, -1, -1);
    observer.endLlmCall(late, null);
    observer.leaveLlmCall(late);
    observer.detach(scope);
    observer.endTask(task, 200, null);
    assertThat(phase.phase().llmTotals()).as("the late call counts in the phase").isNotNull();

    List<Object> fields = CollectedFields.of(EventLog.PHASE_COMPLETE, phase.phase());
    List<Object> names = new ArrayList<>();
    for (int i = 0; i < fields.size(); i += 2) {
      names.add(fields.get(i));
    }
    assertThat(names).doesNotHaveDuplicates().contains("input_tokens");
    assertThat(fields.get(fields.indexOf("input_tokens") + 1)).isEqualTo(10L);
  }

  @Test
  void anAppRecordIsAnAppLogLineWithTheIdsOfItsContextOrOfTheObservationInProgress()
      throws IOException {
    SelfStats stats = new SelfStats();
    EventLog log = EventLog.start("svc", "warn", out, 64, stats);
    Observer observer = new Observer(List.of(log), stats);
    PhaseScope phase = observer.startPhase("planning", "", "a.P", "a.P.plan");
    phase.phase().setTraceIds(1L, 2L, 3L);
    RuntimeException error = new RuntimeException("boom");
    // logged on an async appender's thread: the ids travel in the record's MDC copy
    observer.appLog(new AppLogRecord(1764930600007L, "INFO", "com.acme.A", "from mdc", "async-1",
        null, Map.of("request_id", "req-7", "trace_id", "t7", "span_id", "s7", "tenant", "t1"),
        null));
    // logged where the phase runs, with no MDC (java.util.logging)
    observer.appLog(new AppLogRecord(1764930600008L, "DEBUG", "jul", "from phase", "main", error,
        Map.of(), phase.phase()));
    observer.endPhase(phase, null, null);
    log.close();

    List<Map<String, Object>> lines = parseLines();
    // app records are not filtered by log.level (the app decided); our info events are
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).containsEntry("event", "app_log").containsEntry("level", "INFO")
        .containsEntry("logger", "com.acme.A").containsEntry("request_id", "req-7")
        .containsEntry("trace_id", "t7").containsEntry("span_id", "s7")
        .containsEntry("thread", "async-1").containsEntry("tenant", "t1");
    assertThat(lines.get(1)).containsEntry("level", "DEBUG")
        .containsEntry("request_id", phase.phase().requestId())
        .containsEntry("trace_id", "00000000000000010000000000000002")
        .containsEntry("span_id", "0000000000000003")
        .containsEntry("error_type", "java.lang.RuntimeException")
        .containsEntry("error", "boom");
  }

  private static LogEvent event(String message, Object... fields) {
    return new LogEvent(
        1764930600007L,
        Level.INFO,
        "logger",
        message,
        "task_start",
        "req-1",
        "0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331",
        fields);
  }

  @Test
  void eachLlmCallIsALineAndTaskAndPhaseLinesCarryTheirOwnTotals() throws IOException {
    SelfStats stats = new SelfStats();
    EventLog log = EventLog.start("svc", "info", out, 64, stats);
    Observer observer = new Observer(List.of(log), stats);
    TaskObservation task =
        observer.startTask(TaskObservation.httpServer("r-1", "POST", "/t", "/t", null, null, null));
    PhaseScope planning = observer.startPhase("planning", "planner", "a.P", "a.P.plan");
    llmCall(observer, "gpt-4o", 1200, 300, 1024, null);
    llmCall(observer, "gpt-4o-mini", 10000, 2000, -1, null);
    observer.endPhase(planning, null, new TokenUsage("gpt-4o", 1, 1, 2));
    PhaseScope writing = observer.startPhase("writing", "writer", "a.W", "a.W.run");
    llmCall(observer, "my-own-model", 5, 5, -1, null);
    llmCall(observer, "gpt-4o", -1, -1, -1, new IllegalStateException("HTTP 429"));
    observer.endPhase(writing, null, null);
    observer.endTask(task, 200, null);
    log.close();

    List<Map<String, Object>> lines = parseLines();
    List<Map<String, Object>> calls = byEvent(lines, "llm_call");
    assertThat(calls).hasSize(4);
    assertThat(calls.get(0))
        .containsEntry("model", "gpt-4o")
        .containsEntry("provider", "openai")
        .containsEntry("input_tokens", 1200L)
        .containsEntry("output_tokens", 300L)
        .containsEntry("cache_read_tokens", 1024L)
        .containsEntry("cost_usd", "0.00472")
        .containsEntry("finish_reasons", "stop")
        .containsEntry("request_id", "r-1")
        .doesNotContainKey("cache_creation_tokens")
        .containsKey("duration_ms");
    assertThat(calls.get(2)).doesNotContainKey("cost_usd").containsEntry("input_tokens", 5L);
    assertThat(calls.get(3))
        .containsEntry("level", "ERROR")
        .containsEntry("error_type", "java.lang.IllegalStateException")
        .doesNotContainKey("input_tokens");
    Map<String, Object> planned = byEvent(lines, "phase_complete").get(0);
    assertThat(planned)
        .containsEntry("llm_calls", 2L)
        .containsEntry("input_tokens", 11200L)
        .containsEntry("output_tokens", 2300L)
        .containsEntry("tokens_used", 13500L)
        .containsEntry("cost_usd", "0.00742")
        .doesNotContainKey("model");
    assertThat(byEvent(lines, "phase_complete").get(1))
        .containsEntry("llm_calls", 2L)
        .containsEntry("unpriced_llm_calls", 1L)
        .containsEntry("cost_usd", "0.0");
    assertThat(byEvent(lines, "task_complete").get(0))
        .containsEntry("llm_calls", 4L)
        .containsEntry("input_tokens", 11205L)
        .containsEntry("output_tokens", 2305L)
        .containsEntry("cache_read_tokens", 1024L)
        .containsEntry("tokens_used", 13510L)
        .containsEntry("cost_usd", "0.00742");
  }

  private static void llmCall(
      Observer observer, String model, long in, long out, long cacheRead, Throwable thrown) {
    LlmCallObservation call = observer.newLlmCall();
    call.setRequest("chat", "openai", model);
    observer.startLlmCall(call);
    call.setResponse(model, "id-" + model, new String[] {"stop"});
    call.setUsage(in, out, cacheRead, -1);
    observer.endLlmCall(call, thrown);
    observer.leaveLlmCall(call);
  }

  private static List<Map<String, Object>> byEvent(List<Map<String, Object>> lines, String event) {
    List<Map<String, Object>> found = new ArrayList<>();
    for (Map<String, Object> line : lines) {
      if (event.equals(line.get("event"))) {
        found.add(line);
      }
    }
    return found;
  }

  private List<Map<String, Object>> parseLines() throws IOException {
    String text = out.toString(StandardCharsets.UTF_8);
    List<Map<String, Object>> result = new ArrayList<>();
    JsonFactory factory = new JsonFactory();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      try (JsonParser parser = factory.createParser(line)) {
        assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.getCurrentName();
          JsonToken value = parser.nextToken();
          fields.put(
              name,
              value == JsonToken.VALUE_NUMBER_INT ? (Object) parser.getLongValue() : parser.getText());
        }
        assertThat(parser.nextToken()).isNull();
      }
      result.add(fields);
    }
    return result;
  }

  /** An output that blocks the writer thread until released, so the queue fills up. */
  private static final class BlockingStream extends java.io.OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);

    void release() {
      latch.countDown();
    }

    @Override
    public void write(int b) throws IOException {
      await();
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      await();
      bytes.write(b, off, len);
    }

    private void await() throws IOException {
      try {
        latch.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
    }
  }
}
