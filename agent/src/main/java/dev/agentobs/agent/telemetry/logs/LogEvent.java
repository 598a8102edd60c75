/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.observation.Observation;

/**
 * One log line's data, captured on the app thread; it is serialised later, on the writer thread, so
 * the app thread never formats JSON or touches an output stream.
 */
final class LogEvent {

  final long epochMillis;
  final Level level;
  final String logger;
  final String message;
  final String event;
  final String requestId;
  /** The ids an app gave (its MDC), when {@link #ids} is null. */
  final String traceId;
  final String spanId;
  /**
   * The observation the line is about: its trace and span ids are written as hex by the writer,
   * and its fields may be read from it then; may be null.
   */
  final Observation ids;
  final LogFields fields;

  LogEvent(
      long epochMillis,
      Level level,
      String logger,
      String message,
      String event,
      String requestId,
      String traceId,
      String spanId,
      Object... fields) {
    this(epochMillis, level, logger, message, event, requestId, traceId, spanId, null,
        LogFields.of(fields));
  }

  /** An event about {@code source}, whose ids and fields are read when the line is written. */
  LogEvent(
      long epochMillis,
      Level level,
      String logger,
      String message,
      String event,
      Observation source,
      LogFields fields) {
    this(epochMillis, level, logger, message, event, source.requestId(), null, null, source,
        fields);
  }

  private LogEvent(
      long epochMillis,
      Level level,
      String logger,
      String message,
      String event,
      String requestId,
      String traceId,
      String spanId,
      Observation ids,
      LogFields fields) {
    this.epochMillis = epochMillis;
    this.level = level;
    this.logger = logger;
    this.message = message;
    this.event = event;
    this.requestId = requestId;
    this.traceId = traceId;
    this.spanId = spanId;
    this.ids = ids;
    this.fields = fields;
  }

  /** Log levels, in increasing severity. */
  enum Level {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR;

    static Level parse(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
