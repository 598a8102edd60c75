/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import dev.agentobs.agent.instrumentation.logging.RecordedAppLogs;
import dev.agentobs.agent.observation.AppLogRecord;
import dev.agentobs.agent.observation.Observer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Real Logback events and appenders, read through the helper's method handles. */
class LogbackHelperTest {

  private final RecordedAppLogs logs = new RecordedAppLogs();
  private final List<AppLogRecord> records = logs.records();
  private final Observer observer = logs.observer();
  private final LogbackHelper helper = new LogbackHelper(observer);
  // the SLF4J-bound context: it has the MDC adapter the events read
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void clean() {
    MDC.clear();
  }

  @Test
  void aConsoleAppendersEventIsTakenWithEverythingItCarries() throws Throwable {
    MDC.put("request_id", "req-1");
    MDC.put("tenant", "t1");
    Logger logger = context.getLogger("com.acme.Planner");
    IllegalStateException error = new IllegalStateException("bad plan");
    LoggingEvent event =
        new LoggingEvent(
            Logger.class.getName(), logger, Level.WARN, "plan {} failed", error, new Object[] {7});

    assertThat(helper.append(new ConsoleAppender<ILoggingEvent>(), event)).isTrue();

    assertThat(records).hasSize(1);
    AppLogRecord record = records.get(0);
    assertThat(record.level()).isEqualTo("WARN");
    assertThat(record.logger()).isEqualTo("com.acme.Planner");
    assertThat(record.message()).isEqualTo("plan 7 failed");
    assertThat(record.thread()).isEqualTo(Thread.currentThread().getName());
    assertThat(record.thrown()).isSameAs(error);
    assertThat(record.epochMillis()).isEqualTo(event.getTimeStamp());
    assertThat(record.context()).containsEntry("request_id", "req-1").containsEntry("tenant", "t1");
  }

  @Test
  void otherAppendersAreLeftToWriteTheirOwnFormat() throws Throwable {
    LoggingEvent event =
        new LoggingEvent("x", context.getLogger("l"), Level.INFO, "m", null, null);
    assertThat(helper.append(new FileAppender<ILoggingEvent>(), event)).isFalse();
    assertThat(helper.append(new ConsoleAppender<Object>(), "not a logging event")).isFalse();
    assertThat(records).isEmpty();
  }

  @Test
  void aSubclassOfTheConsoleAppenderIsAConsoleToo() throws Throwable {
    LoggingEvent event =
        new LoggingEvent("x", context.getLogger("l"), Level.DEBUG, "m", null, null);
    assertThat(helper.append(new ConsoleAppender<ILoggingEvent>() {}, event)).isTrue();
    assertThat(records.get(0).level()).isEqualTo("DEBUG");
    assertThat(records.get(0).thrown()).isNull();
  }
}
