/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@link LogEvent}s as JSON lines with jackson-core's streaming generator, into a reused
 * buffer. Every line is valid JSON whatever the input: control characters are escaped by Jackson,
 * lone surrogates are replaced, and oversized values are cut with a marker. Single-threaded: used
 * only by the writer thread.
 */
final class JsonLineWriter {

  static final String TRUNCATED = "...[truncated]";

  // the fixed field names, encoded once rather than on every line
  private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
  private static final SerializableString LEVEL = new SerializedString("level");
  private static final SerializableString LOGGER = new SerializedString("logger");
  private static final SerializableString MESSAGE = new SerializedString("message");
  private static final SerializableString SERVICE = new SerializedString("service");
  private static final SerializableString REQUEST_ID = new SerializedString("request_id");
  private static final SerializableString TRACE_ID = new SerializedString("trace_id");
  private static final SerializableString SPAN_ID = new SerializedString("span_id");
  private static final SerializableString EVENT = new SerializedString("event");

  /** Fields of the agent's events that may carry text from the app (exception messages). */
  private static final Set<String> FREE_TEXT = Set.of("error");
  private static final String APP_LOG = "app_log";

  private final JsonFactory factory = new JsonFactory();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
  private final UtcTimestamps timestamps = new UtcTimestamps();
  private final LogFormat format;
  private final String service;
  private JsonGenerator json;

  JsonLineWriter(String service) {
    this(LogFormat.defaults(service));
  }

  JsonLineWriter(LogFormat format) {
    this.format = format;
    this.service = safe(format.service);
  }

  /**
   * Appends one line (with its newline) for {@code event} to {@code out}. The line is rendered
   * into a buffer first, so a failure half-way never leaves half an object in the output; the
   * generator is reused from line to line, and replaced after a failure.
   */
  void write(LogEvent event, OutputStream out) throws IOException {
    buffer.reset();
    try {
      render(event);
    } catch (IOException | RuntimeException e) {
      json = null;
      throw e;
    }
    buffer.write('\n');
    buffer.writeTo(out);
  }

  private void render(LogEvent event) throws IOException {
    if (json == null) {
      json = factory.createGenerator(buffer, JsonEncoding.UTF8);
      json.setRootValueSeparator(null);
    }
    json.writeStartObject();
    field(TIMESTAMP, timestamps.format(event.epochMillis));
    field(LEVEL, event.level.name());
    field(LOGGER, safe(event.logger));
    // the agent's own messages are constants: only an app record's message is free text
    field(MESSAGE, APP_LOG.equals(event.event) ? text(event.message) : safe(event.message));
    field(SERVICE, service);
    field(REQUEST_ID, safe(event.requestId));
    String traceId = event.traceId();
    if (traceId != null && !traceId.isEmpty()) {
      field(TRACE_ID, traceId);
      field(SPAN_ID, event.spanId());
    }
    field(EVENT, event.event);
    Object[] fields = event.fields;
    for (int i = 0; i + 1 < fields.length; i += 2) {
      writeField((String) fields[i], fields[i + 1]);
    }
    json.writeEndObject();
    json.flush();
  }

  private void field(SerializableString name, String value) throws IOException {
    json.writeFieldName(name);
    json.writeString(value);
  }

  /**
   * One field. A {@code Map} value is an app record's context: each entry becomes a field (our own
   * names and the correlation keys excepted); a {@code Throwable} becomes {@code error_type},
   * {@code error} and {@code stack_trace}. Values of secret-like names are redacted.
   */
  private void writeField(String name, Object value) throws IOException {
    if (value == null) {
      return;
    }
    if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        String key = String.valueOf(e.getKey());
        if (e.getValue() != null && format.writesContextKey(key)) {
          String entry = String.valueOf(e.getValue());
          // the app's own values are free text
          json.writeStringField(safe(key),
              format.redactor.isSecretKey(key) ? Redactor.REDACTED : text(entry));
        }
      }
      return;
    }
    if (value instanceof Throwable) {
      Throwable t = (Throwable) value;
      json.writeStringField("error_type", t.getClass().getName());
      json.writeStringField("error", text(String.valueOf(t.getMessage())));
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      json.writeStringField("stack_trace", text(trace.toString()));
      return;
    }
    if (format.redactor.isSecretKey(name)) {
      json.writeStringField(safe(name), Redactor.REDACTED);
    } else if (value instanceof Long || value instanceof Integer) {
      json.writeNumberField(name, ((Number) value).longValue());
    } else if (value instanceof Double) {
      json.writeNumberField(name, (Double) value);
    } else if (value instanceof Boolean) {
      json.writeBooleanField(name, (Boolean) value);
    } else if (FREE_TEXT.contains(name)) {
      json.writeStringField(name, text(value.toString()));
    } else {
      // the agent's own structured values (phase, model, path, ...): not searched for secrets
      json.writeStringField(name, safe(value.toString()));
    }
  }

  /** Free text: cut to size, secrets redacted, made valid. */
  private String text(String s) {
    if (s == null) {
      return "";
    }
    boolean cut = s.length() > format.maxFieldChars;
    String value = format.redactor.redactText(cut ? s.substring(0, format.maxFieldChars) : s);
    String fixed = validUtf16(value);
    return cut ? fixed + TRUNCATED : fixed;
  }

  /** Names, ids and other short values: cut to size and made valid, not searched for secrets. */
  private String safe(String s) {
    if (s == null) {
      return "";
    }
    boolean cut = s.length() > format.maxFieldChars;
    String fixed = validUtf16(cut ? s.substring(0, format.maxFieldChars) : s);
    return cut ? fixed + TRUNCATED : fixed;
  }

  /** Replaces unpaired surrogates, which are not valid in UTF-8 (nor, strictly, in JSON text). */
  static String validUtf16(String value) {
    StringBuilder fixed = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean bad;
      if (Character.isHighSurrogate(c)) {
        bad = i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        if (!bad) {
          if (fixed != null) {
            fixed.append(c).append(value.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        bad = Character.isLowSurrogate(c);
      }
      if (bad && fixed == null) {
        fixed = new StringBuilder(value.length()).append(value, 0, i);
      }
      if (fixed != null) {
        fixed.append(bad ? '\uFFFD' : c);
      }
    }
    return fixed == null ? value : fixed.toString();
  }
}
