/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.ConfigOptions;
import dev.agentobs.agent.observation.AppLogRecord;
import dev.agentobs.agent.observation.CacheLookup;
import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.LlmTotals;
import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.observation.TokenUsage;
import dev.agentobs.agent.telemetry.logs.LogEvent.Level;
import java.io.OutputStream;
import java.util.Map;

/**
 * The log signal: the contract's events ({@code task_start}, {@code task_complete}, {@code
 * task_error}, {@code phase_*}, {@code llm_call}) as JSON lines, written asynchronously. Task and
 * phase lines carry the totals of their LLM calls.
 *
 * <p>The line of an ended task, phase or LLM call reads its fields from the observation when it is
 * written, on the writer thread, as the span reads its attributes on the exporter's: the app thread
 * only queues the event. So an LLM call a phase started but that ends after it (a stream read on)
 * is counted in the phase's line if it ends before the line is written, as in the span.
 */
public final class EventLog implements ObservationListener {

  private static final String TASK_LOGGER = "agent-obs.task";

  private final AsyncLogWriter writer;
  private final Level threshold;
  private final Level phaseLevel;
  private final LogFormat format;

  EventLog(AsyncLogWriter writer, Level threshold, Level phaseLevel, LogFormat format) {
    this.writer = writer;
    this.threshold = threshold;
    this.phaseLevel = phaseLevel;
    this.format = format;
  }

  /** The log signal as configured: level, destination, queue, format and redaction. */
  public static EventLog start(AgentConfig config, SelfStats stats) {
    LogFormat format = LogFormat.from(config);
    AsyncLogWriter writer =
        new AsyncLogWriter(
            config.getInt(ConfigOptions.LOG_QUEUE_SIZE),
            new JsonLineWriter(format),
            LogOutputs.open(config),
            stats,
            config.getInt(ConfigOptions.LOG_DROP_REPORT_SECONDS) * 1000L);
    writer.start();
    return new EventLog(
        writer,
        Level.parse(config.getString(ConfigOptions.LOG_LEVEL)),
        Level.parse(config.getString(ConfigOptions.LOG_PHASE_LEVEL)),
        format);
  }

  /**
   * Default format to stdout or stderr, every phase's completion at info (the line a benchmark of
   * the phase's log event measures): for benchmarks.
   */
  public static EventLog start(
      String service, String level, String destination, int queueSize, SelfStats stats) {
    return start(service, level, LogOutputs.standard(destination), queueSize, stats);
  }

  static EventLog start(
      String service, String level, OutputStream out, int queueSize, SelfStats stats) {
    return start(service, level, "info", out, queueSize, stats);
  }

  static EventLog start(
      String service,
      String level,
      String phaseLevel,
      OutputStream out,
      int queueSize,
      SelfStats stats) {
    LogFormat format = LogFormat.defaults(service);
    AsyncLogWriter writer = new AsyncLogWriter(queueSize, new JsonLineWriter(format), out, stats);
    writer.start();
    return new EventLog(writer, Level.parse(level), Level.parse(phaseLevel), format);
  }

  public void close() {
    writer.close();
  }

  @Override
  public void onTaskStart(TaskObservation task) {
    if (!enabled(Level.INFO)) {
      return;
    }
    // its values as they are now: a framework may settle the route only while the request runs
    LogFields fields =
        task.kind() == TaskObservation.Kind.HTTP_SERVER
            ? LogFields.of(
                "method", task.httpMethod(), "path", task.path(), "endpoint", task.route())
            : LogFields.of("task", task.name());
    writer.offer(new LogEvent(startOf(task), Level.INFO, TASK_LOGGER, "Task started",
        "task_start", task, fields));
  }

  @Override
  public void onTaskEnd(TaskObservation task) {
    if (!task.failed()) {
      if (enabled(Level.INFO)) {
        ended(Level.INFO, task, TASK_LOGGER, "Task completed", "task_complete", TASK_COMPLETE);
      }
    } else if (enabled(Level.ERROR)) {
      ended(Level.ERROR, task, TASK_LOGGER, "Task failed", "task_error", TASK_ERROR);
    }
  }

  private static final LogFields TASK_COMPLETE = (o, out) -> taskFields((TaskObservation) o, out);

  private static final LogFields TASK_ERROR =
      (o, out) -> {
        TaskObservation task = (TaskObservation) o;
        taskFields(task, out);
        Throwable error = task.reportedError();
        out.string("error",
            error == null ? "HTTP " + task.statusCode() : String.valueOf(error.getMessage()));
        out.string("error_type",
            error == null ? "http_" + task.statusCode() : error.getClass().getName());
      };

  private static void taskFields(TaskObservation task, LogFields.Out out) {
    if (task.kind() == TaskObservation.Kind.HTTP_SERVER) {
      out.string("method", task.httpMethod());
      out.string("endpoint", task.route());
      out.number("status", task.statusCode());
    } else {
      out.string("task", task.name());
    }
    out.number("duration_ms", task.durationMillis());
    out.number("tokens_used", task.tokensUsed());
    llmTotals(task.llmTotals(), out);
  }

  /**
   * At debug: {@code phase_complete} (or {@code phase_error}) carries everything a start line
   * would, plus the outcome, and a request's phases would otherwise double its log volume. A
   * phase's names are fixed when it starts, so they too are read when the line is written.
   */
  @Override
  public void onPhaseStart(PhaseObservation phase) {
    if (enabled(Level.DEBUG)) {
      writer.offer(new LogEvent(startOf(phase), Level.DEBUG, phase.declaringType(),
          "Phase started", "phase_start", phase, PHASE_START));
    }
  }

  private static final LogFields PHASE_START =
      (o, out) -> {
        PhaseObservation phase = (PhaseObservation) o;
        out.string("phase", phase.phase());
        out.string("agent_type", phase.agentType());
        out.string("code_function", phase.codeFunction());
      };

  @Override
  public void onPhaseEnd(PhaseObservation phase) {
    if (phase.error() == null) {
      // log.phase.level: a request's phases are five or more lines against its task's two, most of
      // the bytes its log costs; the spans and the phase histogram carry them either way
      if (enabled(phaseLevel)) {
        ended(phaseLevel, phase, phase.declaringType(), "Phase completed", "phase_complete",
            PHASE_COMPLETE);
      }
    } else if (enabled(Level.ERROR)) {
      ended(Level.ERROR, phase, phase.declaringType(), "Phase failed", "phase_error", PHASE_ERROR);
    }
  }

  // package-private: the log writer benchmark renders the agent's own phase line
  static final LogFields PHASE_COMPLETE =
      (o, out) -> {
        PhaseObservation phase = (PhaseObservation) o;
        PHASE_START.write(phase, out);
        out.number("duration_ms", phase.durationMillis());
        // the usage its return value reported, kept only when no LLM call had started within it
        TokenUsage t = phase.tokens();
        LlmTotals llm = phase.llmTotals();
        if (t != null) {
          // not the totals too, should a call its work handed to another thread start late: a
          // line never has a name twice
          out.string("model", t.model());
          reported("input_tokens", t.inputTokens(), out);
          reported("output_tokens", t.outputTokens(), out);
          out.number("tokens_used", t.total());
        } else if (llm != null) {
          out.string("model", llm.model());
          out.number("tokens_used", llm.totalTokens());
          llmTotals(llm, out);
        }
      };

  private static final LogFields PHASE_ERROR =
      (o, out) -> {
        PhaseObservation phase = (PhaseObservation) o;
        PHASE_START.write(phase, out);
        out.number("duration_ms", phase.durationMillis());
        Throwable error = phase.error();
        out.string("error", String.valueOf(error.getMessage()));
        out.string("error_type", error.getClass().getName());
      };

  /**
   * One line per LLM call, at info (error when it failed): model, provider, usage as reported,
   * cost from the price table, duration, finish reasons.
   */
  @Override
  public void onLlmCallEnd(LlmCallObservation call) {
    Level level = call.errorType() == null ? Level.INFO : Level.ERROR;
    if (enabled(level)) {
      ended(level, call, "agent-obs.llm",
          level == Level.INFO ? "LLM call completed" : "LLM call failed", "llm_call", LLM_CALL);
    }
  }

  private static final LogFields LLM_CALL =
      (o, out) -> {
        LlmCallObservation call = (LlmCallObservation) o;
        out.string("operation", call.operation());
        out.string("provider", call.provider());
        out.string("model", call.model());
        out.string("request_model", call.requestModel().isEmpty() ? null : call.requestModel());
        out.string("response_id", call.responseId().isEmpty() ? null : call.responseId());
        out.string("finish_reasons", call.finishReasons().length == 0
            ? null : String.join(",", call.finishReasons()));
        reported("input_tokens", call.inputTokens(), out);
        reported("output_tokens", call.outputTokens(), out);
        reported("cache_read_tokens", call.cacheReadTokens(), out);
        reported("cache_creation_tokens", call.cacheCreationTokens(), out);
        if (call.cost().priced()) {
          out.number("cost_usd", call.cost().usd());
        }
        out.number("duration_ms", call.durationMillis());
        Throwable error = call.error();
        out.string("error", error == null ? null : String.valueOf(error.getMessage()));
        out.string("error_type", call.errorType());
      };

  /** A count the provider (or a phase's return value) reported; none when it did not. */
  private static void reported(String name, long count, LogFields.Out out) {
    if (count >= 0) {
      out.number(name, count);
    }
  }

  /** The roll-up of a task's or phase's LLM calls, when it made any. */
  private static void llmTotals(LlmTotals llm, LogFields.Out out) {
    if (llm == null) {
      return;
    }
    out.number("llm_calls", llm.calls());
    out.number("input_tokens", llm.inputTokens());
    out.number("output_tokens", llm.outputTokens());
    out.number("cache_read_tokens", llm.cacheReadTokens());
    out.number("cache_creation_tokens", llm.cacheCreationTokens());
    out.number("cost_usd", llm.costPicoUsd() / 1e12);
    if (llm.unpricedCalls() != 0) {
      out.number("unpriced_llm_calls", llm.unpricedCalls());
    }
  }

  @Override
  public void onCacheLookup(CacheLookup lookup) {
    if (enabled(Level.DEBUG)) {
      Observation within = lookup.within();
      long now = System.currentTimeMillis();
      String message = "Cache " + (lookup.hit() ? "hit" : "miss");
      writer.offer(within == null
          ? new LogEvent(now, Level.DEBUG, "agent-obs.cache", message, "cache_lookup", "", "", "",
              "cache", lookup.cache(), "hit", lookup.hit())
          : new LogEvent(now, Level.DEBUG, "agent-obs.cache", message, "cache_lookup", within,
              LogFields.of("cache", lookup.cache(), "hit", lookup.hit())));
    }
  }

  /**
   * A record the app logged ({@code log.reformat}), as an {@code app_log} line. Its ids are those of
   * its context (MDC) when it has them: they were captured where it was logged, which holds even
   * when an async appender hands it to another thread; else those of the observation in progress.
   * The app's own level filtering decides what is logged; {@code log.level} is for our events.
   */
  @Override
  public void onAppLog(AppLogRecord record) {
    Map<String, String> context = record.context();
    String requestId = context.get(format.requestKey);
    Observation within = record.within();
    Object[] fields = {"thread", record.thread(), "", context, "", record.thrown()};
    Level level = levelOf(record.level());
    if (requestId != null || within == null) {
      writer.offer(new LogEvent(record.epochMillis(), level, record.logger(), record.message(),
          "app_log", requestId == null ? "" : requestId, orEmpty(context.get(format.traceKey)),
          orEmpty(context.get(format.spanKey)), fields));
    } else {
      writer.offer(new LogEvent(record.epochMillis(), level, record.logger(), record.message(),
          "app_log", within, LogFields.of(fields)));
    }
  }

  private static Level levelOf(String name) {
    switch (name) {
      case "ERROR":
        return Level.ERROR;
      case "WARN":
        return Level.WARN;
      case "DEBUG":
        return Level.DEBUG;
      case "TRACE":
        return Level.TRACE;
      default:
        return Level.INFO;
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private boolean enabled(Level level) {
    return level.compareTo(threshold) >= 0;
  }

  /**
   * Lines carry the observation's own instants, not the time of writing: they agree with the span
   * and stay right when events buffered at start-up are replayed.
   */
  private static long startOf(Observation o) {
    return o.startEpochNanos() / 1_000_000L;
  }

  private static long endOf(Observation o) {
    return o.endEpochNanos() / 1_000_000L;
  }

  /** The line of an ended observation, at its end, its fields read when it is written. */
  private void ended(
      Level level, Observation o, String logger, String message, String event, LogFields fields) {
    writer.offer(new LogEvent(endOf(o), level, logger, message, event, o, fields));
  }
}
