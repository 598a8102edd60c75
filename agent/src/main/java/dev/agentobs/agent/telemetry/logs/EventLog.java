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
 */
public final class EventLog implements ObservationListener {

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

  /** Default format to stdout or stderr: for benchmarks. */
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
    if (task.kind() == TaskObservation.Kind.HTTP_SERVER) {
      emit(Level.INFO, task, startOf(task), "Task started", "task_start",
          "method", task.httpMethod(), "path", task.path(), "endpoint", task.route());
    } else {
      emit(Level.INFO, task, startOf(task), "Task started", "task_start", "task", task.name());
    }
  }

  @Override
  public void onTaskEnd(TaskObservation task) {
    boolean failed = task.failed();
    Level level = failed ? Level.ERROR : Level.INFO;
    if (!enabled(level)) {
      return;
    }
    boolean http = task.kind() == TaskObservation.Kind.HTTP_SERVER;
    Object[] common = {
      "method", http ? task.httpMethod() : null,
      "endpoint", http ? task.route() : null,
      "task", http ? null : task.name(),
      "status", http ? task.statusCode() : null,
      "duration_ms", task.durationMillis(),
      "tokens_used", task.tokensUsed()
    };
    common = withLlmTotals(common, task.llmTotals());
    if (!failed) {
      emit(level, task, endOf(task), "Task completed", "task_complete", common);
      return;
    }
    Throwable error = task.reportedError();
    emit(level, task, endOf(task), "Task failed", "task_error", concat(common,
        "error", error == null ? "HTTP " + task.statusCode() : String.valueOf(error.getMessage()),
        "error_type", error == null ? "http_" + task.statusCode() : error.getClass().getName()));
  }

  /**
   * At debug: {@code phase_complete} (or {@code phase_error}) carries everything a start line
   * would, plus the outcome, and a request's phases would otherwise double its log volume.
   */
  @Override
  public void onPhaseStart(PhaseObservation phase) {
    if (enabled(Level.DEBUG)) {
      emit(Level.DEBUG, phase, startOf(phase), "Phase started", "phase_start",
          "phase", phase.phase(), "agent_type", phase.agentType(),
          "code_function", phase.codeFunction());
    }
  }

  @Override
  public void onPhaseEnd(PhaseObservation phase) {
    Throwable error = phase.error();
    if (error == null) {
      // log.phase.level: a request's phases are five or more lines against its task's two, most of
      // the bytes its log costs; the spans and the phase histogram carry them either way
      if (!enabled(phaseLevel)) {
        return;
      }
      TokenUsage t = phase.tokens();
      LlmTotals llm = phase.llmTotals();
      Object[] fields = {
        "phase", phase.phase(), "agent_type", phase.agentType(),
        "code_function", phase.codeFunction(), "duration_ms", phase.durationMillis(),
        "model", t != null ? t.model() : llm == null ? null : llm.model(),
        "input_tokens", t == null || t.inputTokens() < 0 ? null : t.inputTokens(),
        "output_tokens", t == null || t.outputTokens() < 0 ? null : t.outputTokens(),
        "tokens_used", t != null ? (Object) t.total() : llm == null ? null : llm.totalTokens()
      };
      emit(phaseLevel, phase, endOf(phase), "Phase completed", "phase_complete",
          withLlmTotals(fields, llm));
    } else if (enabled(Level.ERROR)) {
      emit(Level.ERROR, phase, endOf(phase), "Phase failed", "phase_error",
          "phase", phase.phase(), "agent_type", phase.agentType(),
          "code_function", phase.codeFunction(), "duration_ms", phase.durationMillis(),
          "error", String.valueOf(error.getMessage()), "error_type", error.getClass().getName());
    }
  }

  /**
   * One line per LLM call, at info (error when it failed): model, provider, usage as reported,
   * cost from the price table, duration, finish reasons.
   */
  @Override
  public void onLlmCallEnd(LlmCallObservation call) {
    String errorType = call.errorType();
    Level level = errorType == null ? Level.INFO : Level.ERROR;
    if (!enabled(level)) {
      return;
    }
    Throwable error = call.error();
    emit(level, call, endOf(call), errorType == null ? "LLM call completed" : "LLM call failed",
        "llm_call",
        "operation", call.operation(),
        "provider", call.provider(),
        "model", call.model(),
        "request_model", call.requestModel().isEmpty() ? null : call.requestModel(),
        "response_id", call.responseId().isEmpty() ? null : call.responseId(),
        "finish_reasons", call.finishReasons().length == 0
            ? null : String.join(",", call.finishReasons()),
        "input_tokens", reported(call.inputTokens()),
        "output_tokens", reported(call.outputTokens()),
        "cache_read_tokens", reported(call.cacheReadTokens()),
        "cache_creation_tokens", reported(call.cacheCreationTokens()),
        "cost_usd", call.cost().priced() ? call.cost().usd() : null,
        "duration_ms", call.durationMillis(),
        "error", error == null ? null : String.valueOf(error.getMessage()),
        "error_type", errorType);
  }

  private static Long reported(long count) {
    return count < 0 ? null : count;
  }

  /** The roll-up of a task's or phase's LLM calls, when it made any. */
  private static Object[] withLlmTotals(Object[] fields, LlmTotals llm) {
    if (llm == null) {
      return fields;
    }
    return concat(fields,
        "llm_calls", llm.calls(),
        "input_tokens", llm.inputTokens(),
        "output_tokens", llm.outputTokens(),
        "cache_read_tokens", llm.cacheReadTokens(),
        "cache_creation_tokens", llm.cacheCreationTokens(),
        "cost_usd", llm.costPicoUsd() / 1e12,
        "unpriced_llm_calls", llm.unpricedCalls() == 0 ? null : llm.unpricedCalls());
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
              "cache", lookup.cache(), "hit", lookup.hit()));
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
          "app_log", within, fields));
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

  private void emit(
      Level level, Observation o, long epochMillis, String message, String event,
      Object... fields) {
    String logger =
        o instanceof PhaseObservation
            ? ((PhaseObservation) o).declaringType()
            : o instanceof LlmCallObservation ? "agent-obs.llm" : "agent-obs.task";
    writer.offer(new LogEvent(epochMillis, level, logger, message, event, o, fields));
  }

  private static Object[] concat(Object[] a, Object... b) {
    Object[] all = new Object[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
