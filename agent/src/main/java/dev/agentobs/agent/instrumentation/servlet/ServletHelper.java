/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.servlet;

import dev.agentobs.agent.instrumentation.http.PathTemplates;
import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.RequestIds;
import dev.agentobs.agent.observation.TaskObservation;
import java.lang.reflect.Proxy;

/** The logic behind {@link ServletAdvice}. */
public final class ServletHelper {

  /**
   * Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}: the pattern of the handler
   * that served the request ({@code /users/{id}}), set before the handler runs.
   */
  static final String SPRING_BEST_MATCHING_PATTERN =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private final Observer observer;
  private final String requestIdHeader;

  public ServletHelper(Observer observer, String requestIdHeader) {
    this.observer = observer;
    this.requestIdHeader = requestIdHeader;
  }

  /**
   * Starts a task for the outermost filter or servlet of a request's own dispatch; nothing for the
   * inner ones (a request is already in progress on this thread) or for error and async dispatches.
   */
  public Object enter(Object request, Object response) throws Throwable {
    ServletApi api = ServletApi.of(request);
    if (api == null) {
      return null;
    }
    Observation current = observer.current();
    if (current != null
        && current.task() != null
        && current.task().kind() == TaskObservation.Kind.HTTP_SERVER) {
      if (!api.isRequestDispatch(request)) {
        // a forward or include: Spring MVC will overwrite the pattern it matched for the request
        springRoute(api, request, current.task());
      }
      return null;
    }
    if (!api.isRequestDispatch(request)) {
      return null;
    }
    String requestId = RequestIds.acceptOrGenerate(api.header(request, requestIdHeader));
    // echoed before the app writes anything, so every response carries it, errors included
    api.setHeader(response, requestIdHeader, requestId);
    String path = api.requestUri(request);
    if (path == null) {
      path = "";
    }
    TaskObservation task =
        TaskObservation.httpServer(
            requestId,
            api.method(request),
            path,
            PathTemplates.fold(path),
            api.header(request, "traceparent"),
            api.header(request, "tracestate"),
            request);
    return observer.startTask(task);
  }

  /**
   * Ends the task with the status the response carries, or, if the request went asynchronous, hands
   * it to an {@code AsyncListener} that ends it when the async work completes.
   */
  public void exit(Object scope, Object request, Object response, Throwable thrown)
      throws Throwable {
    TaskObservation task = (TaskObservation) scope;
    ServletApi api = ServletApi.of(request);
    if (api == null) {
      observer.endTask(task, thrown != null ? 500 : 0, thrown);
      return;
    }
    springRoute(api, request, task);
    if (thrown == null && api.isAsyncStarted(request)) {
      observer.suspendTask(task);
      api.addAsyncListener(
          request,
          Proxy.newProxyInstance(
              api.asyncListenerType().getClassLoader(),
              new Class<?>[] {api.asyncListenerType()},
              new AsyncCompletion(observer, api, task, response)));
      return;
    }
    observer.endTask(task, statusOf(api.status(response), thrown), thrown);
  }

  /**
   * Takes Spring MVC's best-matching pattern, prefixed with the context path, as the task's route if
   * no framework named it yet.
   */
  private static void springRoute(ServletApi api, Object request, TaskObservation task)
      throws Throwable {
    if (task.hasFrameworkRoute()) {
      return;
    }
    Object pattern = api.attribute(request, SPRING_BEST_MATCHING_PATTERN);
    if (pattern != null) {
      String contextPath = api.contextPath(request);
      task.useFrameworkRoute(
          contextPath == null || contextPath.isEmpty()
              ? pattern.toString()
              : contextPath + pattern);
    }
  }

  /**
   * An exception leaving the outermost filter becomes the container's 500 (the error page it then
   * dispatches is no new request), whatever status the response held before.
   */
  static int statusOf(int responseStatus, Throwable thrown) {
    if (thrown != null && responseStatus < 500) {
      return 500;
    }
    return responseStatus;
  }
}
