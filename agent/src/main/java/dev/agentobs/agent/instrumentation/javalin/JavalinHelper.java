/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.javalin;

import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.TaskObservation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The logic behind {@link JavalinAdvice}: an endpoint's {@code method} and {@code path} (public
 * fields of Javalin's {@code Endpoint}) read through handles resolved once per class. Before and
 * after handlers ({@code HandlerType.isHttpMethod()} false) match too, usually with {@code *}; only
 * the HTTP endpoint names the request.
 */
public final class JavalinHelper {

  private static final ClassValue<MethodHandle[]> ENDPOINT_FIELDS =
      new ClassValue<MethodHandle[]>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
          try {
            java.lang.reflect.Field method = type.getField("method");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new MethodHandle[] {
              lookup
                  .findGetter(type, "method", method.getType())
                  .asType(MethodType.methodType(Object.class, Object.class)),
              lookup
                  .findGetter(type, "path", String.class)
                  .asType(MethodType.methodType(String.class, Object.class))
            };
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  private static final ClassValue<MethodHandle> IS_HTTP_METHOD =
      new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          try {
            return MethodHandles.publicLookup()
                .findVirtual(type, "isHttpMethod", MethodType.methodType(boolean.class))
                .asType(MethodType.methodType(boolean.class, Object.class));
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  private final Observer observer;

  public JavalinHelper(Observer observer) {
    this.observer = observer;
  }

  public void endpoint(Object endpoint) throws Throwable {
    Observation current = observer.current();
    if (current == null || endpoint == null) {
      return;
    }
    TaskObservation task = current.task();
    if (task == null
        || task.kind() != TaskObservation.Kind.HTTP_SERVER
        || task.hasFrameworkRoute()) {
      return;
    }
    MethodHandle[] fields = ENDPOINT_FIELDS.get(endpoint.getClass());
    if (fields == null) {
      return;
    }
    Object handlerType = (Object) fields[0].invokeExact(endpoint);
    MethodHandle isHttp = handlerType == null ? null : IS_HTTP_METHOD.get(handlerType.getClass());
    if (isHttp != null && (boolean) isHttp.invokeExact(handlerType)) {
      task.useFrameworkRoute((String) fields[1].invokeExact(endpoint));
    }
  }
}
