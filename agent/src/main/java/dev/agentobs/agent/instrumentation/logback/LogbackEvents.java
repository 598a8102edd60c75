/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.logback;

import dev.agentobs.agent.instrumentation.logging.AppLogLevels;
import dev.agentobs.agent.instrumentation.logging.ConsoleRecords;
import dev.agentobs.agent.instrumentation.logging.EventAccessors;
import dev.agentobs.agent.observation.AppLogRecord;
import dev.agentobs.agent.observation.Observation;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/** Reads one class of Logback {@code ILoggingEvent} through its public interface. */
final class LogbackEvents implements ConsoleRecords.Reader {

  private static final String THROWABLE_PROXY = "ch.qos.logback.classic.spi.ThrowableProxy";

  private final MethodHandle timeStamp;
  private final MethodHandle level;
  private final MethodHandle loggerName;
  private final MethodHandle message;
  private final MethodHandle threadName;
  private final MethodHandle throwableProxy;
  private final MethodHandle mdc;
  private final Class<?> proxyType;
  private final MethodHandle proxyThrowable;

  LogbackEvents(Class<?> event) throws ReflectiveOperationException {
    timeStamp = EventAccessors.longGetter(event, "getTimeStamp");
    Class<?> levelType = event.getMethod("getLevel").getReturnType();
    level = EventAccessors.getter(event, "getLevel", levelType);
    loggerName = EventAccessors.getter(event, "getLoggerName", String.class);
    message = EventAccessors.getter(event, "getFormattedMessage", String.class);
    threadName = EventAccessors.getter(event, "getThreadName", String.class);
    Class<?> proxyInterface = event.getMethod("getThrowableProxy").getReturnType();
    throwableProxy = EventAccessors.getter(event, "getThrowableProxy", proxyInterface);
    mdc = EventAccessors.getter(event, "getMDCPropertyMap", Map.class);
    proxyType = EventAccessors.sibling(event, THROWABLE_PROXY);
    proxyThrowable =
        proxyType == null ? null : EventAccessors.getter(proxyType, "getThrowable", Throwable.class);
  }

  @Override
  @SuppressWarnings("unchecked")
  public AppLogRecord record(Object event, Observation within) throws Throwable {
    Object proxy = throwableProxy.invokeExact(event);
    Throwable thrown =
        proxy != null && proxyType != null && proxyType.isInstance(proxy)
            ? (Throwable) (Object) proxyThrowable.invokeExact(proxy)
            : null;
    Object levelValue = level.invokeExact(event);
    Map<String, String> context = (Map<String, String>) (Object) mdc.invokeExact(event);
    return new AppLogRecord(
        (long) timeStamp.invokeExact(event),
        AppLogLevels.ofName(levelValue == null ? null : levelValue.toString()),
        (String) (Object) loggerName.invokeExact(event),
        (String) (Object) message.invokeExact(event),
        (String) (Object) threadName.invokeExact(event),
        thrown,
        context == null ? Map.of() : context,
        within);
  }
}
