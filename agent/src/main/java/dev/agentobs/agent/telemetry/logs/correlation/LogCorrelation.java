/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs.correlation;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.ConfigOptions;
import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.TaskObservation;

/**
 * Puts the request, trace and span ids into the app's own logging context (SLF4J {@code MDC},
 * Log4j 2 {@code ThreadContext}) while a request or phase runs, so the app's log lines carry them
 * with no code change. A thread listener of the {@code Observer}: it runs on the app's thread, at
 * once, after tracing has drawn the ids.
 *
 * <p>The maps are those of the thread's context class loader when the task starts (the app's
 * loader on a server's worker threads, Spring Boot's launcher loader in a fat jar), found once per
 * loader and kept with the task, so a phase costs one {@code put} per map. When the task ends, the
 * values the app had under those keys before it started are put back (usually none: the keys are
 * removed), so a pooled thread carries nothing into the next request. An app without either
 * framework costs a context class loader read and a cache check per task, nothing per phase.
 */
public final class LogCorrelation implements ObservationListener {

  private final String requestKey;
  private final String traceKey;
  private final String spanKey;
  private final ContextMaps maps = new ContextMaps();

  LogCorrelation(String requestKey, String traceKey, String spanKey) {
    this.requestKey = requestKey;
    this.traceKey = traceKey;
    this.spanKey = spanKey;
  }

  /** The correlation the configuration asks for, or {@code null} when it is off. */
  public static LogCorrelation create(AgentConfig config) {
    if (!config.getBoolean(ConfigOptions.LOG_CORRELATION_ENABLED)) {
      return null;
    }
    return new LogCorrelation(
        keyOr(config.getString(ConfigOptions.LOG_CORRELATION_REQUEST_ID_KEY), "request_id"),
        keyOr(config.getString(ConfigOptions.LOG_CORRELATION_TRACE_ID_KEY), "trace_id"),
        keyOr(config.getString(ConfigOptions.LOG_CORRELATION_SPAN_ID_KEY), "span_id"));
  }

  private static String keyOr(String configured, String fallback) {
    return configured.isEmpty() ? fallback : configured;
  }

  @Override
  public void onTaskStart(TaskObservation task) {
    ContextMap[] found = maps.of(Thread.currentThread().getContextClassLoader());
    if (found.length == 0) {
      return;
    }
    String[] previous = null;
    for (int i = 0; i < found.length; i++) {
      ContextMap map = found[i];
      String r = map.get(requestKey);
      String t = map.get(traceKey);
      String s = map.get(spanKey);
      if (r != null || t != null || s != null) {
        if (previous == null) {
          previous = new String[found.length * 3];
        }
        previous[i * 3] = r;
        previous[i * 3 + 1] = t;
        previous[i * 3 + 2] = s;
      }
      map.set(requestKey, task.requestId());
      map.set(traceKey, task.traceId());
      map.set(spanKey, task.spanId());
    }
    // usually nothing to put back: the shared maps array alone, no allocation
    task.setLogContext(previous == null ? found : new Saved(found, previous));
  }

  @Override
  public void onPhaseStart(PhaseObservation phase) {
    ContextMap[] found = mapsOf(phase.task());
    for (ContextMap map : found) {
      map.set(spanKey, phase.spanId());
    }
  }

  @Override
  public void onPhaseEnd(PhaseObservation phase) {
    ContextMap[] found = mapsOf(phase.task());
    if (found.length == 0) {
      return;
    }
    Observation parent = phase.parent();
    String span = parent == null ? "" : parent.spanId();
    for (ContextMap map : found) {
      map.set(spanKey, span);
    }
  }

  @Override
  public void onTaskEnd(TaskObservation task) {
    Object saved = task.logContext();
    if (saved == null) {
      return;
    }
    task.setLogContext(null);
    ContextMap[] found = saved instanceof Saved ? ((Saved) saved).maps : (ContextMap[]) saved;
    String[] previous = saved instanceof Saved ? ((Saved) saved).previous : null;
    for (int i = 0; i < found.length; i++) {
      ContextMap map = found[i];
      map.set(requestKey, previous == null ? null : previous[i * 3]);
      map.set(traceKey, previous == null ? null : previous[i * 3 + 1]);
      map.set(spanKey, previous == null ? null : previous[i * 3 + 2]);
    }
  }

  /**
   * Work of a request starts on another thread (a pool's): the request id, trace id and the span of
   * the phase that submitted it go into that thread's maps, and what the thread had under those keys
   * is kept to be put back.
   */
  @Override
  public Object onAttach(Observation context) {
    ContextMap[] found = mapsOf(context.task());
    if (found.length == 0) {
      return null;
    }
    String[] previous = new String[found.length * 3];
    for (int i = 0; i < found.length; i++) {
      ContextMap map = found[i];
      previous[i * 3] = map.get(requestKey);
      previous[i * 3 + 1] = map.get(traceKey);
      previous[i * 3 + 2] = map.get(spanKey);
      map.set(requestKey, context.requestId());
      map.set(traceKey, context.traceId());
      map.set(spanKey, context.spanId());
    }
    // the maps are kept here too: the task may end, and drop its own, before this work does
    return new Saved(found, previous);
  }

  @Override
  public void onDetach(Observation context, Object attached) {
    if (attached == null) {
      return;
    }
    ContextMap[] found = ((Saved) attached).maps;
    String[] previous = ((Saved) attached).previous;
    for (int i = 0; i < found.length; i++) {
      ContextMap map = found[i];
      map.set(requestKey, previous[i * 3]);
      map.set(traceKey, previous[i * 3 + 1]);
      map.set(spanKey, previous[i * 3 + 2]);
    }
  }

  private static ContextMap[] mapsOf(TaskObservation task) {
    Object saved = task.logContext();
    if (saved == null) {
      return ContextMaps.NONE;
    }
    return saved instanceof Saved ? ((Saved) saved).maps : (ContextMap[]) saved;
  }

  /** The maps of a task that replaced values the app had put under our keys itself. */
  private static final class Saved {
    final ContextMap[] maps;
    final String[] previous;

    Saved(ContextMap[] maps, String[] previous) {
      this.maps = maps;
      this.previous = previous;
    }
  }
}
