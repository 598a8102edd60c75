/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.log4j;

import dev.agentobs.agent.instrumentation.logging.ConsoleRecords;
import dev.agentobs.agent.observation.Observer;

/** The events of Log4j 2's {@code ConsoleAppender} (and subclasses), taken into the agent's log. */
public final class Log4jHelper {

  private final ConsoleRecords records;

  public Log4jHelper(Observer observer) {
    this.records =
        new ConsoleRecords(
            observer,
            "org.apache.logging.log4j.core.appender.ConsoleAppender",
            "org.apache.logging.log4j.core.LogEvent",
            Log4jEvents::new);
  }

  /** @return whether the event was taken, so that the appender must not write it itself */
  public boolean append(Object appender, Object event) throws Throwable {
    return records.take(appender, event);
  }
}
