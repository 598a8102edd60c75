/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.internal.AgentVersion;
import dev.agentobs.agent.observation.Observation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An observation seen as an OpenTelemetry span: one object that is at once the span the SDK's span
 * processors queue ({@link ReadableSpan}), the data its exporters marshal ({@link SpanData}) and
 * its own {@link SpanContext}.
 *
 * <p>The SDK's own span would copy every attribute into a map on the application thread while the
 * request runs. This view copies nothing: the application thread creates it with the ids and hands
 * it to the processor when the observation ends; names, attributes and events are read from the
 * (by then unchanging) observation on the exporter's thread, and built once there.
 */
final class ObservationSpan implements ReadableSpan, SpanData, SpanContext {

  /** The agent's one instrumentation scope: every span it makes has it. */
  static final InstrumentationScopeInfo SCOPE =
      InstrumentationScopeInfo.builder("agent-obs").setVersion(AgentVersion.get()).build();

  @SuppressWarnings("deprecation") // still abstract in ReadableSpan and SpanData
  private static final InstrumentationLibraryInfo LIBRARY =
      InstrumentationLibraryInfo.create("agent-obs", AgentVersion.get());

  private final Observation observation;
  private final SpanShape shape;
  private final SpanContext parent;
  private final TraceFlags flags;
  private final TraceState traceState;
  private final Resource resource;
  private List<EventData> recordedEvents;
  private Attributes attributes;
  private List<EventData> events;

  ObservationSpan(
      Observation observation,
      SpanShape shape,
      SpanContext parent,
      boolean sampled,
      TraceState traceState,
      Resource resource) {
    this.observation = observation;
    this.shape = shape;
    this.parent = parent;
    this.flags = sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
    this.traceState = traceState;
    this.resource = resource;
  }

  Observation observation() {
    return observation;
  }

  /** Called on the observation's own thread while it runs, never after it ended. */
  void addEvent(EventData event) {
    if (recordedEvents == null) {
      recordedEvents = new ArrayList<>(2);
    }
    recordedEvents.add(event);
  }

  // --- SpanContext

  @Override
  public String getTraceId() {
    return observation.traceId();
  }

  @Override
  public String getSpanId() {
    return observation.spanId();
  }

  @Override
  public TraceFlags getTraceFlags() {
    return flags;
  }

  @Override
  public TraceState getTraceState() {
    return traceState;
  }

  @Override
  public boolean isRemote() {
    return false;
  }

  /** From the ids as numbers: the default re-validates both hex strings on every export. */
  @Override
  public boolean isValid() {
    return observation.traced() && (observation.traceIdHigh() | observation.traceIdLow()) != 0;
  }

  // --- ReadableSpan and SpanData

  @Override
  public SpanContext getSpanContext() {
    return this;
  }

  @Override
  public SpanContext getParentSpanContext() {
    return parent;
  }

  @Override
  public String getName() {
    return shape.name(observation);
  }

  @Override
  public SpanKind getKind() {
    return shape.kind();
  }

  @Override
  public SpanData toSpanData() {
    return this;
  }

  @Override
  @SuppressWarnings("deprecation")
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return LIBRARY;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return SCOPE;
  }

  @Override
  public boolean hasEnded() {
    return true;
  }

  @Override
  public long getLatencyNanos() {
    return observation.durationNanos();
  }

  @Override
  public <T> T getAttribute(AttributeKey<T> key) {
    return getAttributes().get(key);
  }

  @Override
  public Attributes getAttributes() {
    Attributes built = attributes;
    if (built == null) {
      built = shape.attributes(observation);
      attributes = built;
    }
    return built;
  }

  /**
   * Puts this span's attributes into {@code b}: the ones built already, or straight from the
   * observation, with no {@link Attributes} made for a reader that only walks them once.
   */
  void putAttributes(AttributesBuilder b) {
    Attributes built = attributes;
    if (built != null) {
      b.putAll(built);
    } else {
      shape.putAttributes(observation, b);
    }
  }

  /** Whether this span's name is one of few values (a phase's), worth encoding once. */
  boolean hasConstantName() {
    return shape == SpanShape.PHASE_SPAN;
  }

  @Override
  public StatusData getStatus() {
    return shape.failed(observation) ? StatusData.error() : StatusData.unset();
  }

  @Override
  public long getStartEpochNanos() {
    return observation.startEpochNanos();
  }

  @Override
  public long getEndEpochNanos() {
    return observation.endEpochNanos();
  }

  @Override
  public List<EventData> getEvents() {
    List<EventData> all = events;
    if (all == null) {
      Throwable error = observation.error();
      if (error == null) {
        all = recordedEvents == null ? Collections.emptyList() : recordedEvents;
      } else {
        all = recordedEvents == null ? new ArrayList<>(1) : new ArrayList<>(recordedEvents);
        all.add(ExceptionEvents.of(observation.endEpochNanos(), error));
      }
      events = all;
    }
    return all;
  }

  @Override
  public List<LinkData> getLinks() {
    return Collections.emptyList();
  }

  @Override
  public int getTotalRecordedEvents() {
    return getEvents().size();
  }

  @Override
  public int getTotalRecordedLinks() {
    return 0;
  }

  @Override
  public int getTotalAttributeCount() {
    return getAttributes().size();
  }

  @Override
  public Resource getResource() {
    return resource;
  }

  @Override
  public String toString() {
    return "ObservationSpan{" + getName() + " " + getTraceId() + "/" + getSpanId() + "}";
  }
}
