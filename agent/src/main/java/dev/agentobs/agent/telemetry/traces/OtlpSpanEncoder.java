/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.internal.GiveWay;
import dev.agentobs.agent.observation.Observation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.InstrumentationScopeMarshaler;
import io.opentelemetry.exporter.internal.otlp.ResourceMarshaler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes an OTLP {@code ExportTraceServiceRequest} straight from {@link ObservationSpan}s: ids from
 * the observation's numbers (no hex strings parsed back), attributes written as the span's shape
 * puts them (no {@code Attributes} built), attribute keys and few-valued strings encoded once, into
 * reused segments. The SDK's marshalers build an object per span, attribute and value,
 * group spans through hash maps and parse every id's hex; measured under load on the bench service
 * that was most of what tracing cost. The bytes are the SDK's, field for field (see the test that
 * compares them); the resource and scope are still marshalled by the SDK, once.
 *
 * <p>Not thread-safe: the batch processor exports from one thread.
 */
final class OtlpSpanEncoder implements BiConsumer<AttributeKey<?>, Object> {

  // opentelemetry/proto/collector/trace/v1 and trace/v1: field numbers
  private static final int REQUEST_RESOURCE_SPANS = 1;
  private static final int RESOURCE_SPANS_RESOURCE = 1;
  private static final int RESOURCE_SPANS_SCOPE_SPANS = 2;
  private static final int RESOURCE_SPANS_SCHEMA_URL = 3;
  private static final int SCOPE_SPANS_SCOPE = 1;
  private static final int SCOPE_SPANS_SPANS = 2;
  private static final int SCOPE_SPANS_SCHEMA_URL = 3;
  private static final int SPAN_TRACE_ID = 1;
  private static final int SPAN_SPAN_ID = 2;
  private static final int SPAN_TRACE_STATE = 3;
  private static final int SPAN_PARENT_SPAN_ID = 4;
  private static final int SPAN_NAME = 5;
  private static final int SPAN_KIND = 6;
  private static final int SPAN_START = 7;
  private static final int SPAN_END = 8;
  private static final int SPAN_ATTRIBUTES = 9;
  private static final int SPAN_EVENTS = 11;
  private static final int SPAN_STATUS = 15;
  private static final int SPAN_FLAGS = 16;
  private static final int EVENT_TIME = 1;
  private static final int EVENT_NAME = 2;
  private static final int EVENT_ATTRIBUTES = 3;
  private static final int STATUS_MESSAGE = 2;
  private static final int STATUS_CODE = 3;
  private static final int KEY_VALUE_KEY = 1;
  private static final int KEY_VALUE_VALUE = 2;
  private static final int ANY_STRING = 1;
  private static final int ANY_BOOL = 2;
  private static final int ANY_INT = 3;
  private static final int ANY_DOUBLE = 4;
  private static final int ANY_ARRAY = 5;
  private static final int ARRAY_VALUES = 1;

  /** OTLP's span flags: the trace flags, and that whether the parent is remote is known (bit 8). */
  private static final int FLAGS_PARENT_REMOTE_KNOWN = 0x100;
  private static final int FLAGS_PARENT_REMOTE = 0x200;

  private static final int MAX_CACHED_KEYS = 256;
  /**
   * A span is begun in a fresh segment when less than this is left in the current one: most spans
   * are a few hundred bytes; a larger one grows its segment, copied once.
   */
  private static final int SPAN_ROOM = 8 * 1024;
  private static final byte[] NOTHING = new byte[0];
  /**
   * Phase names, and the few-valued keys' attributes, encoded once. Looked up by value, not
   * identity: a model name parsed from each LLM response or a route folded for each request is a
   * new string every time, equal to the last; most others are the same instance span after span,
   * which the map's identity check finds without comparing characters.
   */
  private static final int MAX_CACHED_VALUES = 1024;

  private final ProtoWriter out = new ProtoWriter();
  private final Map<AttributeKey<?>, byte[]> keys = new IdentityHashMap<>();
  private final Map<String, byte[]> values = new HashMap<>();
  private final Map<AttributeKey<?>, Map<String, byte[]>> keyValues = new IdentityHashMap<>();
  private int cachedKeyValues;
  private final ProtoWriter scratch = new ProtoWriter();
  private final Map<Resource, byte[]> resourceBytes = new IdentityHashMap<>();
  private final AttributeWriter attributeWriter = new AttributeWriter();
  private final byte[] scope = bytesOf(InstrumentationScopeMarshaler.create(ObservationSpan.SCOPE));
  private final byte[] scopeSchema =
      stringField(SCOPE_SPANS_SCHEMA_URL, ObservationSpan.SCOPE.getSchemaUrl());
  private int attributesField;
  // a batch of 2,048 spans (a configured batch size, or the start-up replay's) is a millisecond
  // of encoding: app threads get turns within it
  private final GiveWay giveWay = new GiveWay();

  /** Whether every span is one this encoder writes; others go through the SDK's marshalers. */
  static boolean canEncode(Collection<SpanData> spans) {
    for (SpanData span : spans) {
      if (!(span instanceof ObservationSpan)) {
        return false;
      }
    }
    return true;
  }

  /** The request for {@code spans}, all {@link ObservationSpan}s, as the bytes OTLP sends. */
  byte[] encode(Collection<SpanData> spans) {
    return encode(spans, new RequestBuffers(0)).toByteArray();
  }

  /**
   * The request for {@code spans}, its spans written into segments taken from {@code buffers}:
   * an export's bytes go out from arrays its sender owns until the export completes. A resource's
   * spans are written first; its head (the resource, and the lengths of the messages around the
   * spans) is then put in front of them, so no span is ever moved.
   */
  EncodedRequest encode(Collection<SpanData> spans, RequestBuffers buffers) {
    EncodedRequest request = new EncodedRequest();
    for (Resource resource : resourcesOf(spans)) {
      int head = request.add(NOTHING, 0);
      int spanBytes = 0;
      out.reset(buffers.take());
      for (SpanData data : spans) {
        if (data.getResource() == resource) {
          if (out.size() > out.buffer().length - SPAN_ROOM) {
            spanBytes += sealSegment(request);
            out.reset(buffers.take());
          }
          span((ObservationSpan) data);
          giveWay.itemDone(data.getEndEpochNanos() / 1_000_000);
        }
      }
      spanBytes += sealSegment(request);
      byte[] resourceSchema = stringField(RESOURCE_SPANS_SCHEMA_URL, resource.getSchemaUrl());
      request.set(head, head(encoded(resource), spanBytes + scopeSchema.length,
          resourceSchema.length));
      if (scopeSchema.length + resourceSchema.length > 0) {
        byte[] tail = Arrays.copyOf(scopeSchema, scopeSchema.length + resourceSchema.length);
        System.arraycopy(resourceSchema, 0, tail, scopeSchema.length, resourceSchema.length);
        request.add(tail, tail.length);
      }
    }
    return request;
  }

  private int sealSegment(EncodedRequest request) {
    request.add(out.buffer(), out.size());
    return out.size();
  }

  /**
   * What comes before a resource's spans: the start of its {@code ResourceSpans} (with the
   * resource) and of its {@code ScopeSpans} (with the scope), whose lengths count the spans and
   * the schema fields after them.
   */
  private byte[] head(byte[] resource, int scopeRest, int resourceRest) {
    int scopeSpans = ProtoWriter.fieldSize(SCOPE_SPANS_SCOPE, scope.length) + scopeRest;
    int resourceSpans =
        ProtoWriter.fieldSize(RESOURCE_SPANS_RESOURCE, resource.length)
            + ProtoWriter.fieldSize(RESOURCE_SPANS_SCOPE_SPANS, scopeSpans)
            + resourceRest;
    int size =
        ProtoWriter.headerSize(REQUEST_RESOURCE_SPANS, resourceSpans)
            + ProtoWriter.fieldSize(RESOURCE_SPANS_RESOURCE, resource.length)
            + ProtoWriter.headerSize(RESOURCE_SPANS_SCOPE_SPANS, scopeSpans)
            + ProtoWriter.fieldSize(SCOPE_SPANS_SCOPE, scope.length);
    ProtoWriter head = new ProtoWriter();
    head.reset(new byte[size]);
    head.header(REQUEST_RESOURCE_SPANS, resourceSpans);
    head.bytes(RESOURCE_SPANS_RESOURCE, resource);
    head.header(RESOURCE_SPANS_SCOPE_SPANS, scopeSpans);
    head.bytes(SCOPE_SPANS_SCOPE, scope);
    return head.buffer();
  }

  /** A string field's bytes, or none if it is unset. */
  private static byte[] stringField(int field, String value) {
    if (value == null || value.isEmpty()) {
      return NOTHING;
    }
    ProtoWriter writer = new ProtoWriter();
    writer.string(field, value);
    return Arrays.copyOf(writer.buffer(), writer.size());
  }

  private static List<Resource> resourcesOf(Collection<SpanData> spans) {
    List<Resource> resources = new ArrayList<>(1);
    for (SpanData span : spans) {
      Resource resource = span.getResource();
      boolean seen = false;
      for (Resource known : resources) {
        seen |= known == resource;
      }
      if (!seen) {
        resources.add(resource);
      }
    }
    return resources;
  }

  private void span(ObservationSpan span) {
    Observation o = span.observation();
    int mark = out.begin(SCOPE_SPANS_SPANS);
    out.id(SPAN_TRACE_ID, o.traceIdHigh(), o.traceIdLow(), true);
    out.id(SPAN_SPAN_ID, 0, o.spanIdBits(), false);
    TraceState state = span.getTraceState();
    if (!state.isEmpty()) {
      out.string(SPAN_TRACE_STATE, w3c(state));
    }
    SpanContext parent = span.getParentSpanContext();
    if (parent instanceof ObservationSpan) {
      out.id(SPAN_PARENT_SPAN_ID, 0, ((ObservationSpan) parent).observation().spanIdBits(), false);
    } else if (parent.isValid()) {
      out.bytes(SPAN_PARENT_SPAN_ID, parent.getSpanIdBytes());
    }
    String name = span.getName();
    if (span.hasConstantName() && !name.isEmpty()) {
      out.bytes(SPAN_NAME, valueBytes(name));
    } else {
      stringIfSet(SPAN_NAME, name);
    }
    out.tag(SPAN_KIND, ProtoWriter.VARINT);
    out.varint(span.getKind().ordinal() + 1);
    out.tag(SPAN_START, ProtoWriter.FIXED64);
    out.fixed64(span.getStartEpochNanos());
    out.tag(SPAN_END, ProtoWriter.FIXED64);
    out.fixed64(span.getEndEpochNanos());
    attributesField = SPAN_ATTRIBUTES;
    span.putAttributes(attributeWriter);
    for (EventData event : span.getEvents()) {
      int eventMark = out.begin(SPAN_EVENTS);
      out.tag(EVENT_TIME, ProtoWriter.FIXED64);
      out.fixed64(event.getEpochNanos());
      stringIfSet(EVENT_NAME, event.getName());
      attributes(EVENT_ATTRIBUTES, event.getAttributes());
      out.end(eventMark);
    }
    status(span.getStatus());
    int flags = (span.getTraceFlags().asByte() & 0xFF) | FLAGS_PARENT_REMOTE_KNOWN;
    if (parent.isRemote()) {
      flags |= FLAGS_PARENT_REMOTE;
    }
    out.tag(SPAN_FLAGS, ProtoWriter.FIXED32);
    out.fixed32(flags);
    out.end(mark);
  }

  private void status(StatusData status) {
    int mark = out.begin(SPAN_STATUS);
    stringIfSet(STATUS_MESSAGE, status.getDescription());
    StatusCode code = status.getStatusCode();
    if (code != StatusCode.UNSET) {
      out.tag(STATUS_CODE, ProtoWriter.VARINT);
      out.varint(code == StatusCode.OK ? 1 : 2);
    }
    out.end(mark);
  }

  private void attributes(int field, Attributes attributes) {
    attributesField = field;
    attributes.forEach(this);
  }

  /** One attribute as a {@code KeyValue}; the callback of {@link Attributes#forEach}. */
  @Override
  public void accept(AttributeKey<?> key, Object value) {
    if (SpanShape.hasFewValues(key)) {
      out.tag(attributesField, ProtoWriter.LEN);
      out.raw(keyValueBytes(key, (String) value));
      return;
    }
    int mark = out.begin(attributesField);
    out.bytes(KEY_VALUE_KEY, keyBytes(key));
    int valueMark = out.begin(KEY_VALUE_VALUE);
    switch (key.getType()) {
      case STRING:
        out.string(ANY_STRING, (String) value);
        break;
      case BOOLEAN:
        bool((Boolean) value);
        break;
      case LONG:
        integer((Long) value);
        break;
      case DOUBLE:
        decimal((Double) value);
        break;
      case STRING_ARRAY:
      case BOOLEAN_ARRAY:
      case LONG_ARRAY:
      case DOUBLE_ARRAY:
        array((List<?>) value);
        break;
      default:
        out.string(ANY_STRING, String.valueOf(value));
    }
    out.end(valueMark);
    out.end(mark);
  }

  private void array(List<?> values) {
    int arrayMark = out.begin(ANY_ARRAY);
    for (Object element : values) {
      int elementMark = out.begin(ARRAY_VALUES);
      if (element instanceof String) {
        out.string(ANY_STRING, (String) element);
      } else if (element instanceof Boolean) {
        bool((Boolean) element);
      } else if (element instanceof Long) {
        integer((Long) element);
      } else if (element instanceof Double) {
        decimal((Double) element);
      }
      out.end(elementMark);
    }
    out.end(arrayMark);
  }

  private void bool(boolean value) {
    out.tag(ANY_BOOL, ProtoWriter.VARINT);
    out.varint(value ? 1 : 0);
  }

  private void integer(long value) {
    out.tag(ANY_INT, ProtoWriter.VARINT);
    out.varint(value);
  }

  private void decimal(double value) {
    out.tag(ANY_DOUBLE, ProtoWriter.FIXED64);
    out.fixed64(Double.doubleToRawLongBits(value));
  }

  private void stringIfSet(int field, String value) {
    if (value != null && !value.isEmpty()) {
      out.string(field, value);
    }
  }

  private byte[] keyBytes(AttributeKey<?> key) {
    byte[] bytes = keys.get(key);
    if (bytes == null) {
      bytes = key.getKey().getBytes(StandardCharsets.UTF_8);
      if (keys.size() < MAX_CACHED_KEYS) {
        keys.put(key, bytes);
      }
    }
    return bytes;
  }

  /**
   * A few-valued attribute's whole {@code KeyValue} (its length, the key, the value), encoded once:
   * a phase span's name, agent type, code function and model are then one copy each.
   */
  private byte[] keyValueBytes(AttributeKey<?> key, String value) {
    Map<String, byte[]> byValue = keyValues.get(key);
    if (byValue == null) {
      byValue = new HashMap<>();
      keyValues.put(key, byValue);
    }
    byte[] bytes = byValue.get(value);
    if (bytes == null) {
      scratch.reset(new byte[64]);
      scratch.bytes(KEY_VALUE_KEY, keyBytes(key));
      int valueMark = scratch.begin(KEY_VALUE_VALUE);
      scratch.string(ANY_STRING, value);
      scratch.end(valueMark);
      bytes = scratch.toLengthDelimited();
      if (cachedKeyValues < MAX_CACHED_VALUES) {
        byValue.put(value, bytes);
        cachedKeyValues++;
      }
    }
    return bytes;
  }

  private byte[] valueBytes(String value) {
    byte[] bytes = values.get(value);
    if (bytes == null) {
      bytes = value.getBytes(StandardCharsets.UTF_8);
      if (values.size() < MAX_CACHED_VALUES) {
        values.put(value, bytes);
      }
    }
    return bytes;
  }

  /**
   * A span's attributes as its shape puts them, each written as it comes: no {@link Attributes}
   * is built (sorted, de-duplicated, then walked once) for a span that is only encoded.
   */
  private final class AttributeWriter extends PutAttributesBuilder {

    @Override
    void add(AttributeKey<?> key, Object value) {
      accept(key, value);
    }

    @Override
    public Attributes build() {
      throw new UnsupportedOperationException("attributes are written, not built");
    }
  }

  /** The W3C {@code tracestate} header form, as the SDK's marshaler writes it. */
  private static String w3c(TraceState state) {
    StringBuilder text = new StringBuilder();
    state.forEach(
        (key, value) -> {
          if (text.length() > 0) {
            text.append(',');
          }
          text.append(key).append('=').append(value);
        });
    return text.toString();
  }

  /** The resource, marshalled by the SDK the first time it is seen. */
  private byte[] encoded(Resource resource) {
    byte[] bytes = resourceBytes.get(resource);
    if (bytes == null) {
      bytes = bytesOf(ResourceMarshaler.create(resource));
      if (resourceBytes.size() < 16) {
        resourceBytes.put(resource, bytes);
      }
    }
    return bytes;
  }

  private static byte[] bytesOf(Marshaler marshaler) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      marshaler.writeBinaryTo(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }
}
