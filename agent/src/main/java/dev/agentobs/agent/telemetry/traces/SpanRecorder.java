/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.observation.AgentClock;
import dev.agentobs.agent.observation.CacheLookup;
import dev.agentobs.agent.observation.ClientCallObservation;
import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.observation.TraceIds;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The tracing signal: a SERVER span per HTTP task (HTTP semantic conventions), an INTERNAL span per
 * phase, a CLIENT span per outgoing HTTP call and per LLM call, timed with the observation's own clock so spans, logs and metrics agree to the nanosecond.
 *
 * <p>On the application thread this signal only draws ids, asks the sampler once per task, and
 * hands the ended observation to the span processors (the agent's {@link SpanExportQueue}, with
 * every {@code OTEL_BSP_*} setting) as an {@link ObservationSpan}; attributes and events are built on the
 * exporter's thread. The sampler, exporters and resource are the SDK's, configured by its
 * autoconfiguration. Nothing is made "current" in OpenTelemetry's context: parents come from the
 * observation tree.
 */
public final class SpanRecorder implements ObservationListener {

  private static final TextMapGetter<TaskObservation> INCOMING =
      new TextMapGetter<TaskObservation>() {
        @Override
        public Iterable<String> keys(TaskObservation task) {
          return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(TaskObservation task, String key) {
          if (task == null) {
            return null;
          }
          return "traceparent".equals(key) ? task.traceparent() : task.tracestate();
        }
      };

  private final Sampler sampler;
  private final boolean defaultSampler;
  private final Resource resource;
  private final SpanProcessor processor;
  private final boolean exporting;
  private final SelfStats stats;

  public SpanRecorder(
      Sampler sampler, Resource resource, SpanProcessor processor, SelfStats stats) {
    this.sampler = sampler;
    // the default samples what has no parent and follows a parent's flag: no call needed for that
    this.defaultSampler =
        sampler.getDescription().equals(Sampler.parentBased(Sampler.alwaysOn()).getDescription());
    this.resource = resource;
    this.processor = processor;
    this.exporting = processor.isEndRequired();
    this.stats = stats;
  }

  @Override
  public void onTaskStart(TaskObservation task) {
    boolean http = task.kind() == TaskObservation.Kind.HTTP_SERVER;
    SpanContext parent = SpanContext.getInvalid();
    if (http && task.traceparent() != null) {
      parent =
          Span.fromContext(
                  W3CTraceContextPropagator.getInstance().extract(Context.root(), task, INCOMING))
              .getSpanContext();
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high;
    long low;
    if (parent.isValid()) {
      String traceId = parent.getTraceId();
      high = TraceIds.parse(traceId, 0);
      low = TraceIds.parse(traceId, 16);
    } else {
      do {
        high = random.nextLong();
        low = random.nextLong();
      } while (high == 0 && low == 0);
    }
    task.setTraceIds(high, low, newSpanId(random));
    // the default sampler needs only the parent: the trace id's hex and the span name are made
    // for another sampler only, not on every request's thread
    boolean sampled =
        defaultSampler
            ? !parent.isValid() || parent.isSampled()
            : askSampler(task.traceId(), http ? task.name() : "task " + task.name(),
                http ? SpanKind.SERVER : SpanKind.INTERNAL, parent);
    task.setSampled(sampled);
    SpanShape shape = http ? SpanShape.HTTP_SERVER : SpanShape.ROOT_TASK;
    TraceState state = parent.isValid() ? parent.getTraceState() : TraceState.getDefault();
    task.setSpanHandle(new ObservationSpan(task, shape, parent, sampled, state, resource));
  }

  @Override
  public void onPhaseStart(PhaseObservation phase) {
    ObservationSpan parent = spanOf(phase.parent());
    if (parent == null) {
      return; // the task started before tracing did: nothing to attach to
    }
    Observation p = parent.observation();
    phase.setTraceIds(p, newSpanId(ThreadLocalRandom.current()));
    phase.setSampled(parent.isSampled());
    phase.setSpanHandle(
        new ObservationSpan(
            phase,
            SpanShape.PHASE_SPAN,
            parent,
            parent.isSampled(),
            parent.getTraceState(),
            resource));
  }

  @Override
  public void onClientCallStart(ClientCallObservation call) {
    startCall(call, SpanShape.HTTP_CLIENT, call.method());
  }

  /** A CLIENT span per LLM call, placed like an HTTP call's: under the phase or task it ran in. */
  @Override
  public void onLlmCallStart(LlmCallObservation call) {
    startCall(call, SpanShape.LLM_CALL, call.operation());
  }

  @Override
  public void onLlmCallEnd(LlmCallObservation call) {
    end(call);
  }

  /**
   * A CLIENT span: the child of the observation current where the call was made, or, outside any
   * task, the root of a trace of its own (sampled as such). Its ids go out in the call's {@code
   * traceparent}, so the called service's SERVER span is its child.
   */
  private void startCall(Observation call, SpanShape shape, String rootSpanName) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Observation within = call.parent();
    if (within != null) {
      ObservationSpan parent = spanOf(within);
      if (parent == null) {
        return; // the enclosing task started before tracing did
      }
      call.setTraceIds(within, newSpanId(random));
      call.setSampled(parent.isSampled());
      call.setSpanHandle(
          new ObservationSpan(
              call, shape, parent, parent.isSampled(), parent.getTraceState(),
              resource));
      return;
    }
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    call.setTraceIds(high, low, newSpanId(random));
    // a root: the default sampler samples it
    boolean sampled =
        defaultSampler
            || askSampler(call.traceId(), rootSpanName, SpanKind.CLIENT, SpanContext.getInvalid());
    call.setSampled(sampled);
    call.setSpanHandle(
        new ObservationSpan(
            call, shape, SpanContext.getInvalid(), sampled,
            TraceState.getDefault(), resource));
  }

  @Override
  public void onClientCallEnd(ClientCallObservation call) {
    end(call);
  }

  @Override
  public void onTaskEnd(TaskObservation task) {
    end(task);
  }

  @Override
  public void onPhaseEnd(PhaseObservation phase) {
    end(phase);
  }

  @Override
  public void onCacheLookup(CacheLookup lookup) {
    ObservationSpan span = spanOf(lookup.within());
    if (span != null && span.isSampled()) {
      span.addEvent(
          EventData.create(
              AgentClock.toEpochNanos(System.nanoTime()),
              "cache_lookup",
              Attributes.of(
                  SpanShape.CACHE_NAME, lookup.cache(), SpanShape.CACHE_HIT, lookup.hit())));
    }
  }

  /** Hands a sampled span to the processors, now that its observation has ended. */
  private void end(Observation observation) {
    ObservationSpan span = spanOf(observation);
    if (span != null && span.isSampled() && exporting) {
      processor.onEnd(span);
      stats.spanEnded();
    }
  }

  /**
   * Asks a sampler other than the default about the root of this process's part of a trace, once
   * per trace.
   */
  private boolean askSampler(String traceId, String spanName, SpanKind kind, SpanContext parent) {
    Context parentContext =
        parent.isValid() ? Context.root().with(Span.wrap(parent)) : Context.root();
    return sampler
            .shouldSample(
                parentContext,
                traceId,
                spanName,
                kind,
                Attributes.empty(),
                Collections.emptyList())
            .getDecision()
        == SamplingDecision.RECORD_AND_SAMPLE;
  }

  private static long newSpanId(ThreadLocalRandom random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  private static ObservationSpan spanOf(Observation observation) {
    if (observation == null) {
      return null;
    }
    Object handle = observation.spanHandle();
    return handle instanceof ObservationSpan ? (ObservationSpan) handle : null;
  }
}
