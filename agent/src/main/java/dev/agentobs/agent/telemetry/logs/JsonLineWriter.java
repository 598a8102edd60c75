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
  private static final SerializableString[] LEVELS = levels();

  private final LogFormat format;
  private final SerializableString service;
  private final ConstantStrings constants;
  private JsonGenerator json;

  JsonLineWriter(String service) {
    this(LogFormat.defaults(service));
  }

  JsonLineWriter(LogFormat format) {
    this.format = format;
    this.service = new SerializedString(safe(format.service));
    this.constants = new ConstantStrings(format.redactor, this::safe);
  }

  private static SerializableString[] levels() {
    LogEvent.Level[] levels = LogEvent.Level.values();
    SerializableString[] encoded = new SerializableString[levels.length];
    for (LogEvent.Level level : levels) {
      encoded[level.ordinal()] = new SerializedString(level.name());
    }
    return encoded;
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
    json.writeFieldName(LEVEL);
    json.writeString(LEVELS[event.level.ordinal()]);
    json.writeFieldName(LOGGER);
    json.writeString(constants.value(event.logger));
    // the agent's own messages are constants: only an app record's message is free text
    if (APP_LOG.equals(event.event)) {
      field(MESSAGE, text(event.message));
    } else {
      json.writeFieldName(MESSAGE);
      json.writeString(constants.value(event.message));
    }
    json.writeFieldName(SERVICE);
    json.writeString(service);
    field(REQUEST_ID, safe(event.requestId));
    String traceId = event.traceId();
    if (traceId != null && !traceId.isEmpty()) {
      field(TRACE_ID, traceId);
      field(SPAN_ID, event.spanId());
    }
    json.writeFieldName(EVENT);
    if (event.event == null) {
      json.writeNull();
    } else {
      json.writeString(constants.value(event.event));
    }
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
    ConstantStrings.Name field = constants.name(name);
    json.writeFieldName(field.encoded);
    if (field.secret) {
      json.writeString(Redactor.REDACTED);
    } else if (value instanceof Long || value instanceof Integer) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double) {
      json.writeNumber((Double) value);
    } else if (value instanceof Boolean) {
      json.writeBoolean((Boolean) value);
    } else if (FREE_TEXT.contains(name)) {
      json.writeString(text(value.toString()));
    } else if (field.constantValues && value instanceof String) {
      // names from the app's annotations and methods (phase, agent type, code function)
      json.writeString(constants.value((String) value));
    } else {
      // the agent's own structured values (model, path, ...): not searched for secrets
      json.writeString(safe(value.toString()));
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
