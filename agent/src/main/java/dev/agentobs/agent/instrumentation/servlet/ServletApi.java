/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The few servlet API methods the agent calls, as method handles on the API's interfaces, resolved
 * once per request class from the class loader that defined it: the agent never links against
 * either servlet API, so {@code jakarta.servlet} and {@code javax.servlet} are served alike, and
 * each web app's own copy of the API is the one used.
 */
final class ServletApi {

  /** The API of a request class, or {@code null} for a request that is not an HTTP one. */
  private static final ClassValue<ServletApi> BY_REQUEST_CLASS =
      new ClassValue<ServletApi>() {
        @Override
        protected ServletApi computeValue(Class<?> type) {
          for (String ns : new String[] {"jakarta.servlet", "javax.servlet"}) {
            Class<?> request = supertype(type, ns + ".http.HttpServletRequest");
            if (request != null) {
              try {
                return new ServletApi(ns, request);
              } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
              }
            }
          }
          return null;
        }
      };

  private static final MethodType STRING = MethodType.methodType(String.class, Object.class);

  private final Object requestDispatch;
  private final Class<?> asyncListener;
  private final MethodHandle method;
  private final MethodHandle requestUri;
  private final MethodHandle contextPath;
  private final MethodHandle header;
  private final MethodHandle attribute;
  private final MethodHandle dispatcherType;
  private final MethodHandle asyncStarted;
  private final MethodHandle asyncContext;
  private final MethodHandle addAsyncListener;
  private final MethodHandle asyncEventThrowable;
  private final MethodHandle setHeader;
  private final MethodHandle status;

  private ServletApi(String ns, Class<?> request) throws ReflectiveOperationException {
    ClassLoader loader = request.getClassLoader();
    Class<?> servletRequest = Class.forName(ns + ".ServletRequest", false, loader);
    Class<?> response = Class.forName(ns + ".http.HttpServletResponse", false, loader);
    Class<?> dispatcher = Class.forName(ns + ".DispatcherType", false, loader);
    Class<?> async = Class.forName(ns + ".AsyncContext", false, loader);
    Class<?> asyncEvent = Class.forName(ns + ".AsyncEvent", false, loader);
    asyncListener = Class.forName(ns + ".AsyncListener", false, loader);
    requestDispatch = dispatcher.getField("REQUEST").get(null);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    method = getter(lookup, request, "getMethod", String.class).asType(STRING);
    requestUri = getter(lookup, request, "getRequestURI", String.class).asType(STRING);
    contextPath = getter(lookup, request, "getContextPath", String.class).asType(STRING);
    header =
        lookup
            .findVirtual(request, "getHeader", MethodType.methodType(String.class, String.class))
            .asType(MethodType.methodType(String.class, Object.class, String.class));
    attribute =
        lookup
            .findVirtual(
                servletRequest, "getAttribute", MethodType.methodType(Object.class, String.class))
            .asType(MethodType.methodType(Object.class, Object.class, String.class));
    dispatcherType =
        getter(lookup, servletRequest, "getDispatcherType", dispatcher)
            .asType(MethodType.methodType(Object.class, Object.class));
    asyncStarted =
        getter(lookup, servletRequest, "isAsyncStarted", boolean.class)
            .asType(MethodType.methodType(boolean.class, Object.class));
    asyncContext =
        getter(lookup, servletRequest, "getAsyncContext", async)
            .asType(MethodType.methodType(Object.class, Object.class));
    addAsyncListener =
        lookup
            .findVirtual(async, "addListener", MethodType.methodType(void.class, asyncListener))
            .asType(MethodType.methodType(void.class, Object.class, Object.class));
    asyncEventThrowable =
        getter(lookup, asyncEvent, "getThrowable", Throwable.class)
            .asType(MethodType.methodType(Throwable.class, Object.class));
    setHeader =
        lookup
            .findVirtual(
                response,
                "setHeader",
                MethodType.methodType(void.class, String.class, String.class))
            .asType(MethodType.methodType(void.class, Object.class, String.class, String.class));
    status =
        getter(lookup, response, "getStatus", int.class)
            .asType(MethodType.methodType(int.class, Object.class));
  }

  /** The API {@code request} is of, or {@code null} if it is not an HTTP servlet request. */
  static ServletApi of(Object request) {
    return BY_REQUEST_CLASS.get(request.getClass());
  }

  String method(Object request) throws Throwable {
    return (String) method.invokeExact(request);
  }

  String requestUri(Object request) throws Throwable {
    return (String) requestUri.invokeExact(request);
  }

  String contextPath(Object request) throws Throwable {
    return (String) contextPath.invokeExact(request);
  }

  String header(Object request, String name) throws Throwable {
    return (String) header.invokeExact(request, name);
  }

  Object attribute(Object request, String name) throws Throwable {
    return (Object) attribute.invokeExact(request, name);
  }

  /** Whether this is the container's original dispatch of a request, not an error or async one. */
  boolean isRequestDispatch(Object request) throws Throwable {
    return (Object) dispatcherType.invokeExact(request) == requestDispatch;
  }

  boolean isAsyncStarted(Object request) throws Throwable {
    return (boolean) asyncStarted.invokeExact(request);
  }

  /** Adds {@code listener} (an {@link #asyncListenerType()}) to the request's async context. */
  void addAsyncListener(Object request, Object listener) throws Throwable {
    Object context = (Object) asyncContext.invokeExact(request);
    addAsyncListener.invokeExact(context, listener);
  }

  Class<?> asyncListenerType() {
    return asyncListener;
  }

  Throwable asyncEventThrowable(Object event) throws Throwable {
    return (Throwable) asyncEventThrowable.invokeExact(event);
  }

  void setHeader(Object response, String name, String value) throws Throwable {
    setHeader.invokeExact(response, name, value);
  }

  int status(Object response) throws Throwable {
    return (int) status.invokeExact(response);
  }

  private static MethodHandle getter(
      MethodHandles.Lookup lookup, Class<?> type, String name, Class<?> returns)
      throws ReflectiveOperationException {
    return lookup.findVirtual(type, name, MethodType.methodType(returns));
  }

  /** {@code type}'s supertype (class or interface) of this name, or {@code null}. */
  private static Class<?> supertype(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return c;
      }
      for (Class<?> i : c.getInterfaces()) {
        Class<?> found = supertype(i, name);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
