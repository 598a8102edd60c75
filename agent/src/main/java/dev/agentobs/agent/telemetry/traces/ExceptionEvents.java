/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The {@code exception} span event of the OpenTelemetry semantic conventions. */
final class ExceptionEvents {

  static final AttributeKey<String> TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

  /**
   * Runs on the exporter's thread, with the application's exception: a hostile {@code getMessage}
   * or {@code toString} must not fail the whole batch, so what cannot be read is left out.
   */
  static EventData of(long epochNanos, Throwable error) {
    String message;
    String stack;
    try {
      message = error.getMessage();
      StringWriter trace = new StringWriter();
      try (PrintWriter out = new PrintWriter(trace)) {
        error.printStackTrace(out);
      }
      stack = trace.toString();
    } catch (RuntimeException | LinkageError e) {
      message = null;
      stack = error.getClass().getName() + " (stack trace unavailable: " + e.getClass().getName()
          + ")";
    }
    Attributes attributes =
        message == null
            ? Attributes.of(TYPE, error.getClass().getName(), STACKTRACE, stack)
            : Attributes.of(
                TYPE, error.getClass().getName(), MESSAGE, message, STACKTRACE, stack);
    return EventData.create(epochNanos, "exception", attributes);
  }

  private ExceptionEvents() {}
}
