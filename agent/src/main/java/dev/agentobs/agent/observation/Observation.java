/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

/**
 * One observed unit of work (a task or a phase), from start to end. Instrumentations create it;
 * every signal reads the same instance, which is what keeps request id, timing and outcome identical
 * in logs, metrics and spans.
 *
 * <p>Not thread-safe by itself: an observation is started and ended by the thread that runs it.
 */
public abstract class Observation {

  private final TaskObservation task;
  private final Observation parent;
  private final long startNanos;
  private long endNanos;
  private Throwable error;
  private long traceIdHigh;
  private long traceIdLow;
  private long spanIdBits;
  private boolean sampled;
  private String traceId;
  private Observation sameTrace;
  private String spanId;
  private Object spanHandle;
  private Object logContext;
  private volatile LlmTotals llmTotals;
  Observation previous;

  Observation(TaskObservation task, Observation parent) {
    this.task = task == null && this instanceof TaskObservation ? (TaskObservation) this : task;
    this.parent = parent;
    this.startNanos = System.nanoTime();
  }

  /**
   * The task (request) this observation belongs to; a task returns itself. {@code null} only for an
   * outgoing call made outside any task (see {@link ClientCallObservation}).
   */
  public final TaskObservation task() {
    return task;
  }

  /** The enclosing observation, or {@code null} for a task. */
  public final Observation parent() {
    return parent;
  }

  /**
   * The request id shared by every signal of this task: incoming header or generated; empty for an
   * outgoing call made outside any task.
   */
  public final String requestId() {
    return task == null ? "" : task.taskRequestId();
  }

  public final long startNanos() {
    return startNanos;
  }

  /** Start as epoch nanoseconds, on the same clock as {@link #endEpochNanos()}. */
  public final long startEpochNanos() {
    return AgentClock.toEpochNanos(startNanos);
  }

  public final long endEpochNanos() {
    return AgentClock.toEpochNanos(endNanos);
  }

  public final long durationNanos() {
    return endNanos - startNanos;
  }

  public final double durationSeconds() {
    return durationNanos() / 1e9;
  }

  public final long durationMillis() {
    return durationNanos() / 1_000_000L;
  }

  /** The exception that ended this observation, or {@code null}. */
  public final Throwable error() {
    return error;
  }

  final void end(Throwable thrown) {
    this.endNanos = System.nanoTime();
    this.error = thrown;
  }

  /**
   * The LLM calls made within this task or phase (for a phase: those whose nearest enclosing phase
   * it is), or {@code null} when there were none.
   */
  public final LlmTotals llmTotals() {
    return llmTotals;
  }

  final void addLlmCall(LlmCallObservation call) {
    LlmTotals totals = llmTotals;
    if (totals == null) {
      synchronized (this) {
        totals = llmTotals;
        if (totals == null) {
          totals = new LlmTotals();
          llmTotals = totals;
        }
      }
    }
    totals.add(call);
  }

  /** Whether the tracing signal gave this observation trace and span ids. */
  public final boolean traced() {
    return spanIdBits != 0;
  }

  /**
   * Trace id in lower-case hex, or empty when not traced. Rendered on first use, usually by a
   * background writer rather than the application thread; a racing second rendering yields an equal
   * string, so no synchronisation is needed.
   */
  public final String traceId() {
    String id = traceId;
    if (id == null) {
      Observation same = sameTrace;
      id = !traced() ? "" : same != null ? same.traceId() : TraceIds.hex(traceIdHigh, traceIdLow);
      traceId = id;
    }
    return id;
  }

  public final String spanId() {
    String id = spanId;
    if (id == null) {
      id = traced() ? TraceIds.hex(spanIdBits) : "";
      spanId = id;
    }
    return id;
  }

  public final long traceIdHigh() {
    return traceIdHigh;
  }

  public final long traceIdLow() {
    return traceIdLow;
  }

  /** The span id as a number, zero when not traced. */
  public final long spanIdBits() {
    return spanIdBits;
  }

  /**
   * Set by the tracing signal when the observation starts, in the trace of {@code within}: the
   * trace id's hex is then rendered once per trace rather than once per span.
   */
  public final void setTraceIds(Observation within, long spanId) {
    setTraceIds(within.traceIdHigh, within.traceIdLow, spanId);
    this.sameTrace = within;
  }

  /** Set by the tracing signal when the observation starts; {@code spanId} is never zero. */
  public final void setTraceIds(long traceIdHigh, long traceIdLow, long spanId) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanIdBits = spanId;
    this.traceId = null;
    this.sameTrace = null;
    this.spanId = null;
  }

  /** Whether the tracing signal sampled this observation's trace (its span will be exported). */
  public final boolean sampled() {
    return sampled;
  }

  /** Set by the tracing signal once it has decided; phases and calls inherit their parent's. */
  public final void setSampled(boolean sampled) {
    this.sampled = sampled;
  }

  /**
   * This observation as the parent of a call to another service: a W3C {@code traceparent} header
   * value ({@code 00-<trace id>-<span id>-<flags>}), or {@code null} when it is not traced. Built
   * only when a call is made, never for the observation's own signals.
   */
  public final String asTraceparent() {
    if (!traced()) {
      return null;
    }
    return "00-" + traceId() + "-" + spanId() + (sampled ? "-01" : "-00");
  }

  /** The tracing signal's own handle for this observation's span; opaque to everyone else. */
  public final Object spanHandle() {
    return spanHandle;
  }

  public final void setSpanHandle(Object spanHandle) {
    this.spanHandle = spanHandle;
  }

  /**
   * What the log-context correlation saved at the start (the app's MDC bindings and the values it
   * replaced); opaque to everyone else.
   */
  public final Object logContext() {
    return logContext;
  }

  public final void setLogContext(Object logContext) {
    this.logContext = logContext;
  }
}
