/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.logging;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.AppLogRecord;
import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.Observer;

/**
 * Takes the events a framework's console appenders (the console class and its subclasses) are
 * about to write into the agent's log, as {@code app_log} lines. File and other appenders keep
 * their own format: only the console stream is the agent's. Events are read through a {@link
 * Reader} made once per event class, on the framework's public event interface as the event's own
 * loader sees it; an event that is not of that interface is left to the app.
 */
public final class ConsoleRecords {

  /** Copies one framework's event into a record. */
  public interface Reader {
    AppLogRecord record(Object event, Observation within) throws Throwable;
  }

  /** Makes the reader for the framework's event interface (as a class of the app's loader). */
  public interface ReaderFactory {
    Reader create(Class<?> eventInterface) throws ReflectiveOperationException;
  }

  private static final Reader UNREADABLE = (event, within) -> null;

  private final Observer observer;
  private final ConsoleTypes console;
  private final ClassValue<Reader> readers;

  /**
   * @param consoleClassName the framework's console appender class
   * @param eventInterfaceName the framework's public event interface
   */
  public ConsoleRecords(
      Observer observer,
      String consoleClassName,
      String eventInterfaceName,
      ReaderFactory readerFactory) {
    this.observer = observer;
    this.console = new ConsoleTypes(consoleClassName);
    this.readers =
        new ClassValue<Reader>() {
          @Override
          protected Reader computeValue(Class<?> type) {
            Class<?> event = EventAccessors.supertype(type, eventInterfaceName);
            if (event == null) {
              return UNREADABLE;
            }
            try {
              return readerFactory.create(event);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
              AgentLog.debug("cannot read log events of " + type.getName() + ": " + e);
              return UNREADABLE;
            }
          }
        };
  }

  /** @return whether the event was taken, so that the appender must not write it itself */
  public boolean take(Object appender, Object event) throws Throwable {
    if (event == null || !console.isConsole(appender)) {
      return false;
    }
    Reader reader = readers.get(event.getClass());
    if (reader == UNREADABLE) {
      return false;
    }
    observer.appLog(reader.record(event, observer.current()));
    return true;
  }
}
