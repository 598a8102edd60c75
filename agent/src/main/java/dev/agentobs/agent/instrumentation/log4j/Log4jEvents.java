/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.log4j;

import dev.agentobs.agent.instrumentation.logging.AppLogLevels;
import dev.agentobs.agent.instrumentation.logging.ConsoleRecords;
import dev.agentobs.agent.instrumentation.logging.EventAccessors;
import dev.agentobs.agent.observation.AppLogRecord;
import dev.agentobs.agent.observation.Observation;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/**
 * Reads one class of Log4j 2 {@code LogEvent} through its public interfaces. Everything is copied
 * out at once: Log4j reuses mutable events (garbage-free logging, async loggers).
 */
final class Log4jEvents implements ConsoleRecords.Reader {


  private final MethodHandle timeMillis;
  private final MethodHandle level;
  private final MethodHandle loggerName;
  private final MethodHandle message;
  private final MethodHandle formatted;
  private final MethodHandle threadName;
  private final MethodHandle thrown;
  private final MethodHandle contextData;
  private final MethodHandle toMap;

  Log4jEvents(Class<?> event) throws ReflectiveOperationException {
    timeMillis = EventAccessors.longGetter(event, "getTimeMillis");
    level = EventAccessors.getter(event, "getLevel", event.getMethod("getLevel").getReturnType());
    loggerName = EventAccessors.getter(event, "getLoggerName", String.class);
    Class<?> messageType = event.getMethod("getMessage").getReturnType();
    message = EventAccessors.getter(event, "getMessage", messageType);
    formatted = EventAccessors.getter(messageType, "getFormattedMessage", String.class);
    threadName = EventAccessors.getter(event, "getThreadName", String.class);
    thrown = EventAccessors.getter(event, "getThrown", Throwable.class);
    Class<?> dataType = event.getMethod("getContextData").getReturnType();
    contextData = EventAccessors.getter(event, "getContextData", dataType);
    toMap = EventAccessors.getter(dataType, "toMap", Map.class);
  }

  @Override
  @SuppressWarnings("unchecked")
  public AppLogRecord record(Object event, Observation within) throws Throwable {
    Object levelValue = level.invokeExact(event);
    Object messageValue = message.invokeExact(event);
    Object data = contextData.invokeExact(event);
    Map<String, String> context =
        data == null ? null : (Map<String, String>) (Object) toMap.invokeExact(data);
    return new AppLogRecord(
        (long) timeMillis.invokeExact(event),
        AppLogLevels.ofName(levelValue == null ? null : levelValue.toString()),
        (String) (Object) loggerName.invokeExact(event),
        messageValue == null ? "" : (String) (Object) formatted.invokeExact(messageValue),
        (String) (Object) threadName.invokeExact(event),
        (Throwable) (Object) thrown.invokeExact(event),
        context == null ? Map.of() : context,
        within);
  }
}
