/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.ConfigOptions;
import java.util.HashSet;
import java.util.Set;

/** What a JSON line looks like beyond its fixed fields: service, size limit, redaction, keys. */
final class LogFormat {

  static final int DEFAULT_MAX_FIELD_CHARS = 8192;
  static final int MIN_FIELD_CHARS = 16;
  static final String DEFAULT_REDACT_KEYS = ConfigOptions.LOG_REDACT_KEYS.defaultValue();

  /** The line's own fields: an app's context entry of the same name is left out, not repeated. */
  private static final Set<String> RESERVED =
      Set.of(
          "timestamp", "level", "logger", "message", "service", "request_id", "trace_id",
          "span_id", "event", "thread", "error", "error_type", "stack_trace");

  final String service;
  final int maxFieldChars;
  final Redactor redactor;
  final String requestKey;
  final String traceKey;
  final String spanKey;
  private final Set<String> skippedContextKeys;

  LogFormat(
      String service,
      int maxFieldChars,
      String redactKeys,
      String requestKey,
      String traceKey,
      String spanKey) {
    this.service = service;
    this.maxFieldChars = Math.max(MIN_FIELD_CHARS, maxFieldChars);
    this.redactor = new Redactor(redactKeys);
    this.requestKey = requestKey;
    this.traceKey = traceKey;
    this.spanKey = spanKey;
    Set<String> skipped = new HashSet<>(RESERVED);
    skipped.add(requestKey);
    skipped.add(traceKey);
    skipped.add(spanKey);
    this.skippedContextKeys = Set.copyOf(skipped);
  }

  static LogFormat defaults(String service) {
    return new LogFormat(
        service, DEFAULT_MAX_FIELD_CHARS, DEFAULT_REDACT_KEYS, "request_id", "trace_id", "span_id");
  }

  static LogFormat from(AgentConfig config) {
    return new LogFormat(
        config.serviceName(),
        config.getInt(ConfigOptions.LOG_FIELD_MAX_CHARS),
        config.getString(ConfigOptions.LOG_REDACT_KEYS),
        keyOr(config.getString(ConfigOptions.LOG_CORRELATION_REQUEST_ID_KEY), "request_id"),
        keyOr(config.getString(ConfigOptions.LOG_CORRELATION_TRACE_ID_KEY), "trace_id"),
        keyOr(config.getString(ConfigOptions.LOG_CORRELATION_SPAN_ID_KEY), "span_id"));
  }

  private static String keyOr(String configured, String fallback) {
    return configured.isEmpty() ? fallback : configured;
  }

  /** Whether an app context (MDC) entry is written as a field of its own. */
  boolean writesContextKey(String key) {
    return key != null && !key.isEmpty() && !skippedContextKeys.contains(key);
  }
}
