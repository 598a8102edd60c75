/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One span as it arrived over OTLP, with the attributes of the resource that exported it.
 *
 * @param proto the span exactly as decoded
 * @param resource the resource attributes ({@code service.name}, …) as plain Java values
 * @param scope the instrumentation scope name
 */
record ReceivedSpan(Span proto, Map<String, Object> resource, String scope) {

  /** Lower-case hex of an OTLP id; an empty id (no parent) is the empty string. */
  static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }

  /**
   * OTLP attributes as plain Java values: {@code String}, {@code Long}, {@code Double}, {@code
   * Boolean}, {@code byte[]}, {@code List} or {@code Map}.
   */
  static Map<String, Object> toMap(List<KeyValue> attributes) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue attribute : attributes) {
      map.put(attribute.getKey(), toJava(attribute.getValue()));
    }
    return map;
  }

  String name() {
    return proto.getName();
  }

  Span.SpanKind kind() {
    return proto.getKind();
  }

  String traceId() {
    return hex(proto.getTraceId());
  }

  String spanId() {
    return hex(proto.getSpanId());
  }

  /** The parent's span id in hex, or the empty string for a root span. */
  String parentSpanId() {
    return hex(proto.getParentSpanId());
  }

  Status.StatusCode statusCode() {
    return proto.getStatus().getCode();
  }

  Map<String, Object> attributes() {
    return toMap(proto.getAttributesList());
  }

  /** The attribute's value (see {@link #toMap}), or null if the span does not carry it. */
  Object attribute(String key) {
    return attributes().get(key);
  }

  @Override
  public String toString() {
    return kind()
        + " '"
        + name()
        + "' trace="
        + traceId()
        + " span="
        + spanId()
        + " parent="
        + parentSpanId()
        + " status="
        + statusCode()
        + " "
        + attributes();
  }

  private static Object toJava(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case BYTES_VALUE:
        return value.getBytesValue().toByteArray();
      case ARRAY_VALUE:
        List<Object> list = new ArrayList<>();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          list.add(toJava(element));
        }
        return list;
      case KVLIST_VALUE:
        return toMap(value.getKvlistValue().getValuesList());
      default:
        return null;
    }
  }
}
