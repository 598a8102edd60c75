/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import java.util.Map;

/**
 * One record the application logged through its own framework (Logback, Log4j 2, {@code
 * java.util.logging}), taken from its console output with {@code log.reformat}. Captured as plain
 * values on the thread that logged it: frameworks reuse their event objects.
 */
public final class AppLogRecord {

  private final long epochMillis;
  private final String level;
  private final String logger;
  private final String message;
  private final String thread;
  private final Throwable thrown;
  private final Map<String, String> context;
  private final Observation within;

  /**
   * @param level {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}
   * @param context the record's MDC / ThreadContext entries (never null)
   * @param within the observation in progress on the logging thread, or {@code null}
   */
  public AppLogRecord(
      long epochMillis,
      String level,
      String logger,
      String message,
      String thread,
      Throwable thrown,
      Map<String, String> context,
      Observation within) {
    this.epochMillis = epochMillis;
    this.level = level;
    this.logger = logger;
    this.message = message;
    this.thread = thread;
    this.thrown = thrown;
    this.context = context;
    this.within = within;
  }

  public long epochMillis() {
    return epochMillis;
  }

  public String level() {
    return level;
  }

  public String logger() {
    return logger;
  }

  public String message() {
    return message;
  }

  public String thread() {
    return thread;
  }

  /** The exception logged with the record, or {@code null}. */
  public Throwable thrown() {
    return thrown;
  }

  public Map<String, String> context() {
    return context;
  }

  /**
   * The observation in progress where the record was logged, or {@code null}: off the request's
   * thread (an async appender's worker) the record's context entries carry the ids instead.
   */
  public Observation within() {
    return within;
  }
}
