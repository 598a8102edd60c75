/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A task: one HTTP request, or, when a phase runs with no request in progress (a batch or CLI
 * agent), the root task that phase starts.
 */
public final class TaskObservation extends Observation {

  /** What started the task. */
  public enum Kind {
    HTTP_SERVER,
    /** A phase called outside any request; {@link #name()} is the phase name. */
    ROOT_PHASE
  }

  private final Kind kind;
  private final String requestId;
  /** A task's given name; null for an HTTP task, whose name follows its route. */
  private final String name;
  /**
   * An HTTP task's name, made off the app's thread when first asked for (the span's exporter
   * asks), and made again only if a framework has settled the route since.
   */
  private volatile RouteName routeName;
  private final String httpMethod;
  private final String path;
  private volatile String route;
  private boolean routeFromFramework;
  private final String traceparent;
  private final String tracestate;
  private Object carrier;
  private final AtomicLong tokensUsed = new AtomicLong();
  private int statusCode;
  private volatile Throwable lastPhaseError;
  private volatile boolean ended;

  private TaskObservation(
      Kind kind,
      String requestId,
      String name,
      String httpMethod,
      String path,
      String route,
      String traceparent,
      String tracestate,
      Object carrier) {
    super(null, null);
    this.kind = kind;
    this.requestId = requestId;
    this.name = name;
    this.httpMethod = httpMethod;
    this.path = path;
    this.route = route;
    this.traceparent = traceparent;
    this.tracestate = tracestate;
    this.carrier = carrier;
  }

  /**
   * An incoming HTTP request.
   *
   * @param route the low-cardinality endpoint: a route template or folded path
   * @param traceparent the incoming W3C header, or {@code null}
   * @param tracestate the incoming W3C header, or {@code null}
   * @param carrier the server's request object, to recognise nested handlers of the same request
   */
  public static TaskObservation httpServer(
      String requestId,
      String httpMethod,
      String path,
      String route,
      String traceparent,
      String tracestate,
      Object carrier) {
    return new TaskObservation(
        Kind.HTTP_SERVER,
        requestId,
        null,
        httpMethod,
        path,
        route,
        traceparent,
        tracestate,
        carrier);
  }

  /** The task a phase starts when it runs outside any request. */
  public static TaskObservation rootPhase(String requestId, String phase) {
    return new TaskObservation(
        Kind.ROOT_PHASE, requestId, phase, "", "", "", null, null, null);
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public String toString() {
    return "Task[" + kind + " " + name() + " " + requestId + "]";
  }

  String taskRequestId() {
    return requestId;
  }

  /**
   * A display name: {@code "POST /api/v1/task"} or the root phase's name. An HTTP task's name
   * follows its route, which a framework may settle only while the request runs.
   */
  public String name() {
    if (name != null) {
      return name;
    }
    String current = route;
    RouteName made = routeName;
    if (made == null || made.route != current) {
      made = new RouteName(current, httpMethod + " " + current);
      routeName = made;
    }
    return made.name;
  }

  public String httpMethod() {
    return httpMethod;
  }

  public String path() {
    return path;
  }

  /** The low-cardinality endpoint: a route template, else the path with id-like segments folded. */
  public String route() {
    return route;
  }

  /**
   * The route template the web framework matched (Spring MVC's best-matching pattern, Javalin's
   * endpoint path), replacing the folded path the task started with. The first template wins: a
   * framework that matches again for an inner dispatch does not rename the request.
   */
  public void useFrameworkRoute(String template) {
    if (!routeFromFramework && template != null && !template.isEmpty()) {
      routeFromFramework = true;
      route = template;
    }
  }

  /** Whether {@link #route()} is a template a framework matched, not a folded path. */
  public boolean hasFrameworkRoute() {
    return routeFromFramework;
  }

  public String traceparent() {
    return traceparent;
  }

  public String tracestate() {
    return tracestate;
  }

  public Object carrier() {
    return carrier;
  }

  /** The HTTP status answered, or 0 when not an HTTP task. */
  public int statusCode() {
    return statusCode;
  }

  /** True when the task failed: it threw, or answered 5xx. */
  public boolean failed() {
    return error() != null || statusCode >= 500;
  }

  /**
   * The error to report for a failed task: its own exception, else the last phase exception (the
   * app may have caught it and answered 500).
   */
  public Throwable reportedError() {
    return error() != null ? error() : lastPhaseError;
  }

  public long tokensUsed() {
    return tokensUsed.get();
  }

  void addTokens(long tokens) {
    tokensUsed.addAndGet(tokens);
  }

  void phaseFailed(Throwable error) {
    lastPhaseError = error;
  }

  /**
   * Whether the task has ended: work it handed to other threads that runs later is no longer
   * joined to it (a periodic task, fire-and-forget work outliving the request).
   */
  public boolean ended() {
    return ended;
  }

  void end(int statusCode, Throwable thrown) {
    this.ended = true;
    this.statusCode = statusCode;
    // ended observations wait in the span queue for export: they must not pin the server's exchange
    this.carrier = null;
    end(thrown);
  }

  /** A name and the route it was made from, so that a name made from an old route is not kept. */
  private static final class RouteName {
    final String route;
    final String name;

    RouteName(String route, String name) {
      this.route = route;
      this.name = name;
    }
  }
}
