/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

/**
 * One log line's data, captured on the app thread as plain values; it is serialised later, on the
 * writer thread, so the app thread never formats JSON or touches an output stream.
 */
final class LogEvent {

  final long epochMillis;
  final Level level;
  final String logger;
  final String message;
  final String event;
  final String requestId;
  final String traceId;
  final String spanId;
  /** Alternating field names and values (String, Long, Integer, Boolean or Double). */
  final Object[] fields;

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
    this.epochMillis = epochMillis;
    this.level = level;
    this.logger = logger;
    this.message = message;
    this.event = event;
    this.requestId = requestId;
    this.traceId = traceId;
    this.spanId = spanId;
    this.fields = fields;
  }

  /** Log levels, in increasing severity. */
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR;

    static Level parse(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
