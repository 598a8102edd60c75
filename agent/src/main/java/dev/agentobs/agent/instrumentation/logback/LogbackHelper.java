/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.logback;

import dev.agentobs.agent.instrumentation.logging.ConsoleRecords;
import dev.agentobs.agent.observation.Observer;

/** The events of Logback's {@code ConsoleAppender} (and subclasses), taken into the agent's log. */
public final class LogbackHelper {

  private final ConsoleRecords records;

  public LogbackHelper(Observer observer) {
    this.records =
        new ConsoleRecords(
            observer,
            "ch.qos.logback.core.ConsoleAppender",
            "ch.qos.logback.classic.spi.ILoggingEvent",
            LogbackEvents::new);
  }

  /** @return whether the event was taken, so that the appender must not write it itself */
  public boolean append(Object appender, Object event) throws Throwable {
    return records.take(appender, event);
  }
}
