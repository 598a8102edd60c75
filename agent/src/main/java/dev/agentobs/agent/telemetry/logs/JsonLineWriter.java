/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.observation.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renders {@link LogEvent}s as JSON lines into a reused buffer ({@link JsonBytes}). Every line is
 * valid JSON whatever the input: control characters, quotes and backslashes are escaped by
 * jackson-core, lone surrogates are replaced, and oversized values are cut with a marker.
 * Single-threaded: used only by the writer thread.
 */
final class JsonLineWriter implements LogFields.Out {

  static final String TRUNCATED = "...[truncated]";

  // the fixed field names with their punctuation, encoded once rather than on every line
  private static final byte[] TIMESTAMP = ascii("{\"timestamp\":");
  private static final byte[] LEVEL = JsonBytes.name("level");
  private static final byte[] LOGGER = JsonBytes.name("logger");
  private static final byte[] MESSAGE = JsonBytes.name("message");
  private static final byte[] SERVICE = JsonBytes.name("service");
  private static final byte[] REQUEST_ID = JsonBytes.name("request_id");
  private static final byte[] TRACE_ID = JsonBytes.name("trace_id");
  private static final byte[] SPAN_ID = JsonBytes.name("span_id");
  private static final byte[] EVENT = JsonBytes.name("event");
  private static final byte[] ERROR_TYPE = JsonBytes.name("error_type");
  private static final byte[] ERROR = JsonBytes.name("error");
  private static final byte[] STACK_TRACE = JsonBytes.name("stack_trace");
  private static final byte[] NULL = ascii("null");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] REDACTED = JsonBytes.quoted(Redactor.REDACTED);
  private static final byte[][] LEVELS = levels();

  private static final String APP_LOG = "app_log";

  private final JsonBytes line = new JsonBytes(1024);
  private final UtcTimestamps timestamps = new UtcTimestamps();

  private final LogFormat format;
  private final byte[] service;
  private final ConstantStrings constants;

  JsonLineWriter(String service) {
    this(LogFormat.defaults(service));
  }

  JsonLineWriter(LogFormat format) {
    this.format = format;
    this.service = JsonBytes.quoted(safe(format.service));
    this.constants = new ConstantStrings(format.redactor, this::safe);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[][] levels() {
    LogEvent.Level[] levels = LogEvent.Level.values();
    byte[][] encoded = new byte[levels.length][];
    for (LogEvent.Level level : levels) {
      encoded[level.ordinal()] = JsonBytes.quoted(level.name());
    }
    return encoded;
  }

  /**
   * Appends one line (with its newline) for {@code event} to {@code out}. The line is rendered
   * into a buffer first, so a failure half-way never leaves half an object in the output.
   */
  void write(LogEvent event, OutputStream out) throws IOException {
    line.reset();
    render(event);
    line.raw('\n');
    line.writeTo(out);
  }

  private void render(LogEvent event) {
    line.raw(TIMESTAMP);
    line.raw(timestamps.quoted(event.epochMillis));
    line.raw(LEVEL);
    line.raw(LEVELS[event.level.ordinal()]);
    line.raw(LOGGER);
    line.raw(constants.value(event.logger));
    line.raw(MESSAGE);
    // the agent's own messages are constants: only an app record's message is free text
    if (APP_LOG.equals(event.event)) {
      line.string(text(event.message));
    } else {
      line.raw(constants.value(event.message));
    }
    line.raw(SERVICE);
    line.raw(service);
    line.raw(REQUEST_ID);
    line.string(safe(event.requestId));
    Observation ids = event.ids;
    if (ids != null) {
      if (ids.traced()) {
        line.raw(TRACE_ID);
        line.hexId(ids.traceIdHigh(), ids.traceIdLow());
        line.raw(SPAN_ID);
        line.hexId(ids.spanIdBits());
      }
    } else if (event.traceId != null && !event.traceId.isEmpty()) {
      line.raw(TRACE_ID);
      line.string(event.traceId);
      line.raw(SPAN_ID);
      line.string(event.spanId);
    }
    line.raw(EVENT);
    line.raw(event.event == null ? NULL : constants.value(event.event));
    event.fields.write(ids, this);
    line.raw('}');
  }

  @Override
  public void string(String name, String value) {
    if (value != null) {
      writeSimple(name, value);
    }
  }

  @Override
  public void number(String name, long value) {
    if (fieldName(name)) {
      line.number(value);
    }
  }

  @Override
  public void number(String name, double value) {
    if (fieldName(name)) {
      line.number(value);
    }
  }

  /** Writes a field's name; false when its value is a secret's, already written redacted. */
  private boolean fieldName(String name) {
    ConstantStrings.Name field = constants.name(name);
    line.raw(field.encoded);
    if (field.secret) {
      line.raw(REDACTED);
      return false;
    }
    return true;
  }

  /**
   * One field. A {@code Map} value is an app record's context: each entry becomes a field (our own
   * names and the correlation keys excepted); a {@code Throwable} becomes {@code error_type},
   * {@code error} and {@code stack_trace}. Values of secret-like names are redacted.
   */
  @Override
  public void value(String name, Object value) {
    // the usual values first, by their exact classes: a test against an interface (Map) costs a
    // scan of the value class's interfaces, and came to a fifth of a phase line's rendering
    Class<?> type = value == null ? null : value.getClass();
    if (type == String.class || type == Long.class || type == Integer.class) {
      writeSimple(name, value);
    } else if (value instanceof Map) {
      writeContext((Map<?, ?>) value);
    } else if (value instanceof Throwable) {
      writeThrowable((Throwable) value);
    } else if (value != null) {
      writeSimple(name, value);
    }
  }

  private void writeSimple(String name, Object value) {
    ConstantStrings.Name field = constants.name(name);
    line.raw(field.encoded);
    if (field.secret) {
      line.raw(REDACTED);
    } else if (value instanceof Long || value instanceof Integer) {
      line.number(((Number) value).longValue());
    } else if (value instanceof Double) {
      line.number((double) (Double) value);
    } else if (value instanceof Boolean) {
      line.raw((Boolean) value ? TRUE : FALSE);
    } else if (field.freeText) {
      line.string(text(value.toString()));
    } else if (field.constantValues && value instanceof String) {
      // names from the app's annotations and methods (phase, agent type, code function)
      line.raw(constants.value((String) value));
    } else {
      // the agent's own structured values (model, path, ...): not searched for secrets
      line.string(safe(value.toString()));
    }
  }

  private void writeContext(Map<?, ?> context) {
    for (Map.Entry<?, ?> e : context.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (e.getValue() != null && format.writesContextKey(key)) {
        line.raw(',');
        line.string(safe(key));
        line.raw(':');
        // the app's own values are free text
        if (format.redactor.isSecretKey(key)) {
          line.raw(REDACTED);
        } else {
          line.string(text(String.valueOf(e.getValue())));
        }
      }
    }
  }

  private void writeThrowable(Throwable t) {
    line.raw(ERROR_TYPE);
    line.string(t.getClass().getName());
    line.raw(ERROR);
    line.string(text(String.valueOf(t.getMessage())));
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    line.raw(STACK_TRACE);
    line.string(text(trace.toString()));
  }

  /** Free text: cut to size, secrets redacted (made valid as it is written). */
  private String text(String s) {
    if (s == null) {
      return "";
    }
    boolean cut = s.length() > format.maxFieldChars;
    String value = format.redactor.redactText(cut ? s.substring(0, format.maxFieldChars) : s);
    return cut ? value + TRUNCATED : value;
  }

  /**
   * Names, ids and other short values: cut to size, not searched for secrets. {@link
   * JsonBytes#string} and {@link JsonBytes#quoted} replace what a cut or the app left unpaired.
   */
  private String safe(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > format.maxFieldChars
        ? s.substring(0, format.maxFieldChars) + TRUNCATED
        : s;
  }
}
