/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.servlet;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.TaskObservation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@code AsyncListener} (a proxy of the web app's own interface) that ends an asynchronous
 * request's task when the container completes it: on {@code onComplete}, with the response's final
 * status and any error or timeout seen before. The container calls {@code onComplete} after an
 * error or a timeout too, so that is the one place the task ends.
 */
final class AsyncCompletion implements InvocationHandler {

  private final Observer observer;
  private final ServletApi api;
  private final TaskObservation task;
  private final Object response;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Throwable error;
  private volatile boolean timedOut;

  AsyncCompletion(Observer observer, ServletApi api, TaskObservation task, Object response) {
    this.observer = observer;
    this.api = api;
    this.task = task;
    this.response = response;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "onComplete":
        complete();
        return null;
      case "onError":
        error = throwableOf(args[0]);
        return null;
      case "onTimeout":
        timedOut = true;
        return null;
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return proxy == args[0];
      case "toString":
        return "agent-obs async completion of " + task;
      default:
        // onStartAsync: a second startAsync cycle on the same request drops the listeners; such a
        // request's task is then never ended (a known gap: rare, and it costs one lost request)
        return null;
    }
  }

  private void complete() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    int status;
    try {
      status = api.status(response);
    } catch (Throwable t) {
      status = 0;
    }
    if (timedOut && status < 500) {
      status = 500; // the container's answer to a timeout nobody handled
    }
    try {
      observer.endSuspendedTask(task, ServletHelper.statusOf(status, error), error);
    } catch (Throwable t) {
      observer.stats().internalError();
      AgentLog.debugOnce("servlet-async", "servlet async completion failed: " + t);
    }
  }

  private Throwable throwableOf(Object event) {
    try {
      return api.asyncEventThrowable(event);
    } catch (Throwable t) {
      return null;
    }
  }
}
