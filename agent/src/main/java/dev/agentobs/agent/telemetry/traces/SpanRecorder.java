/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.observation.CacheLookup;
import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.observation.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.concurrent.TimeUnit;

/**
 * The tracing signal: a SERVER span per HTTP task (HTTP semantic conventions), an INTERNAL span per
 * phase, timed with the observation's own clock so spans, logs and metrics agree to the nanosecond.
 * Spans are parented explicitly from the observation tree; nothing is made "current" in OTel's
 * context, which keeps this path free of thread-local juggling.
 */
public final class SpanRecorder implements ObservationListener {

  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request.id");
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> PHASE = AttributeKey.stringKey("agent.phase");
  static final AttributeKey<String> AGENT_TYPE = AttributeKey.stringKey("agent.type");
  static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function.name");
  static final AttributeKey<String> MODEL = AttributeKey.stringKey("agent.model");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("agent.tokens.input");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("agent.tokens.output");
  static final AttributeKey<Long> TOTAL_TOKENS = AttributeKey.longKey("agent.tokens.total");
  static final AttributeKey<String> CACHE_NAME = AttributeKey.stringKey("agent.cache.name");
  static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("agent.cache.hit");

  private static final TextMapGetter<TaskObservation> INCOMING =
      new TextMapGetter<TaskObservation>() {
        @Override
        public Iterable<String> keys(TaskObservation task) {
          return java.util.List.of("traceparent", "tracestate");
        }

        @Override
        public String get(TaskObservation task, String key) {
          if (task == null) {
            return null;
          }
          return "traceparent".equals(key) ? task.traceparent() : task.tracestate();
        }
      };

  private final Tracer tracer;
  private final SelfStats stats;

  public SpanRecorder(Tracer tracer, SelfStats stats) {
    this.tracer = tracer;
    this.stats = stats;
  }

  @Override
  public void onTaskStart(TaskObservation task) {
    SpanBuilder builder;
    if (task.kind() == TaskObservation.Kind.HTTP_SERVER) {
      Context parent = Context.root();
      if (task.traceparent() != null) {
        parent = W3CTraceContextPropagator.getInstance().extract(parent, task, INCOMING);
      }
      builder =
          tracer
              .spanBuilder(task.name())
              .setParent(parent)
              .setSpanKind(SpanKind.SERVER)
              .setAttribute(HTTP_METHOD, task.httpMethod())
              .setAttribute(URL_PATH, task.path())
              .setAttribute(HTTP_ROUTE, task.route());
    } else {
      // a phase run outside any request: the task is the trace's root, the phase its child
      builder =
          tracer
              .spanBuilder("task " + task.name())
              .setNoParent()
              .setSpanKind(SpanKind.INTERNAL);
    }
    Span span =
        builder
            .setAttribute(REQUEST_ID, task.requestId())
            .setStartTimestamp(task.startEpochNanos(), TimeUnit.NANOSECONDS)
            .startSpan();
    attach(task, span);
  }

  @Override
  public void onTaskEnd(TaskObservation task) {
    Span span = spanOf(task);
    if (span == null) {
      return;
    }
    if (task.kind() == TaskObservation.Kind.HTTP_SERVER) {
      span.setAttribute(HTTP_STATUS, (long) task.statusCode());
    }
    Throwable error = task.error();
    if (error != null) {
      span.recordException(error);
      span.setAttribute(ERROR_TYPE, error.getClass().getName());
    } else if (task.statusCode() >= 500) {
      span.setAttribute(ERROR_TYPE, Integer.toString(task.statusCode()));
    }
    if (task.failed()) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end(task.endEpochNanos(), TimeUnit.NANOSECONDS);
    stats.spanEnded();
  }

  @Override
  public void onPhaseStart(PhaseObservation phase) {
    Span parent = spanOf(phase.parent());
    Span span =
        tracer
            .spanBuilder(phase.phase())
            .setParent(parent == null ? Context.root() : Context.root().with(parent))
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(REQUEST_ID, phase.requestId())
            .setAttribute(PHASE, phase.phase())
            .setAttribute(AGENT_TYPE, phase.agentType())
            .setAttribute(CODE_FUNCTION, phase.codeFunction())
            .setStartTimestamp(phase.startEpochNanos(), TimeUnit.NANOSECONDS)
            .startSpan();
    attach(phase, span);
  }

  @Override
  public void onPhaseEnd(PhaseObservation phase) {
    Span span = spanOf(phase);
    if (span == null) {
      return;
    }
    TokenUsage tokens = phase.tokens();
    if (tokens != null) {
      span.setAttribute(MODEL, tokens.model());
      if (tokens.inputTokens() >= 0) {
        span.setAttribute(INPUT_TOKENS, tokens.inputTokens());
      }
      if (tokens.outputTokens() >= 0) {
        span.setAttribute(OUTPUT_TOKENS, tokens.outputTokens());
      }
      span.setAttribute(TOTAL_TOKENS, tokens.total());
    }
    Throwable error = phase.error();
    if (error != null) {
      span.recordException(error);
      span.setAttribute(ERROR_TYPE, error.getClass().getName());
      span.setStatus(StatusCode.ERROR);
    }
    span.end(phase.endEpochNanos(), TimeUnit.NANOSECONDS);
    stats.spanEnded();
  }

  @Override
  public void onCacheLookup(CacheLookup lookup) {
    Span span = spanOf(lookup.within());
    if (span != null) {
      span.addEvent(
          "cache_lookup", Attributes.of(CACHE_NAME, lookup.cache(), CACHE_HIT, lookup.hit()));
    }
  }

  private static void attach(Observation observation, Span span) {
    SpanContext context = span.getSpanContext();
    observation.setSpanHandle(span);
    if (context.isValid()) {
      observation.setTraceIds(context.getTraceId(), context.getSpanId());
    }
  }

  private static Span spanOf(Observation observation) {
    if (observation == null) {
      return null;
    }
    Object handle = observation.spanHandle();
    return handle instanceof Span ? (Span) handle : null;
  }
}
