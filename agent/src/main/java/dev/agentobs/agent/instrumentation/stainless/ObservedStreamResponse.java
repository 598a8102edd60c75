/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.stainless;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Stands in for the SDK's streamed response (a proxy of the SDK's own {@code StreamResponse} or
 * {@code AsyncStreamResponse} interface) and passes every call on to it. What the application reads
 * passes {@link StreamEvents} first, and the call ends when the stream does:
 *
 * <ul>
 *   <li>{@code StreamResponse.stream()} is the SDK's stream, event for event; the call ends when it
 *       is exhausted, fails or is closed;
 *   <li>{@code AsyncStreamResponse.subscribe(handler[, executor])} hands the SDK a handler that
 *       shows each event first and ends the call on {@code onComplete}, before the application's
 *       handler runs;
 *   <li>closing either ends the call with what was seen so far.
 * </ul>
 */
final class ObservedStreamResponse implements InvocationHandler {

  private final Object delegate;
  private final StreamEvents events;

  ObservedStreamResponse(Object delegate, StreamEvents events) {
    this.delegate = delegate;
    this.events = events;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Object own = Delegation.objectMethod(proxy, method, args, delegate);
    if (own != null) {
      return own;
    }
    switch (method.getName()) {
      case "close":
        try {
          return Delegation.invoke(method, delegate, args);
        } finally {
          events.end();
        }
      case "stream":
        Object stream = Delegation.invoke(method, delegate, args);
        return stream instanceof Stream ? observed((Stream<?>) stream) : stream;
      case "subscribe":
        Class<?> handlerType = method.getParameterTypes()[0];
        if (args[0] == null || !handlerType.isInterface()) {
          break;
        }
        Object[] swapped = args.clone();
        swapped[0] = Delegation.proxy(handlerType, new Handler(args[0]));
        Object result = Delegation.invoke(method, delegate, swapped);
        // subscribe returns the response itself, for chaining: the stand-in stays in place
        return result == delegate ? proxy : result;
      default:
        break;
    }
    return Delegation.invoke(method, delegate, args);
  }

  private <T> Stream<T> observed(Stream<T> stream) {
    return StreamSupport.stream(new EndingSpliterator<>(stream.spliterator(), events), false)
        .onClose(
            () -> {
              try {
                stream.close();
              } finally {
                events.end();
              }
            });
  }

  /** The application's {@code AsyncStreamResponse.Handler}, behind the agent's. */
  private final class Handler implements InvocationHandler {
    private final Object application;

    Handler(Object application) {
      this.application = application;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object own = Delegation.objectMethod(proxy, method, args, application);
      if (own != null) {
        return own;
      }
      if (args != null && args.length == 1) {
        if ("onNext".equals(method.getName())) {
          events.event(args[0]);
        } else if ("onComplete".equals(method.getName())) {
          Object error = args[0] instanceof Optional ? ((Optional<?>) args[0]).orElse(null) : null;
          if (error instanceof Throwable) {
            events.fail((Throwable) error);
          } else {
            events.end();
          }
        }
      }
      return Delegation.invoke(method, application, args);
    }
  }
}
