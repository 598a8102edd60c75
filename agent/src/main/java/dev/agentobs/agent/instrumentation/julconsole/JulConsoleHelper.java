/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.julconsole;

import dev.agentobs.agent.instrumentation.logging.AppLogLevels;
import dev.agentobs.agent.observation.AppLogRecord;
import dev.agentobs.agent.observation.Observer;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * The records of {@code java.util.logging.ConsoleHandler}, taken into the agent's log. JUL is part
 * of the JDK, so its types are used directly. JUL has no context map: the ids come from the
 * observation in progress, since a console handler publishes on the logging thread.
 */
public final class JulConsoleHelper {

  private final Observer observer;

  public JulConsoleHelper(Observer observer) {
    this.observer = observer;
  }

  /** @return whether the record was taken, so that the handler must not write it itself */
  public boolean publish(Object handler, Object record) {
    if (!(handler instanceof Handler) || !(record instanceof LogRecord)) {
      return false;
    }
    Handler h = (Handler) handler;
    LogRecord r = (LogRecord) record;
    // the handler's own level and filter still decide, as in StreamHandler.publish
    if (!h.isLoggable(r)) {
      return false;
    }
    observer.appLog(
        new AppLogRecord(
            r.getMillis(),
            AppLogLevels.ofJulValue(r.getLevel().intValue()),
            r.getLoggerName() == null ? "" : r.getLoggerName(),
            message(h, r),
            Thread.currentThread().getName(),
            r.getThrown(),
            Map.of(),
            observer.current()));
    return true;
  }

  /** The message with its parameters filled in and localised, as the handler's formatter would. */
  private static String message(Handler handler, LogRecord record) {
    Formatter formatter = handler.getFormatter();
    if (formatter != null) {
      return formatter.formatMessage(record);
    }
    return record.getMessage() == null ? "" : record.getMessage();
  }
}
