/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.log4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.instrumentation.logging.RecordedAppLogs;
import dev.agentobs.agent.observation.AppLogRecord;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.NullAppender;
import org.apache.logging.log4j.core.impl.JdkMapAdapterStringMap;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.impl.MutableLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.Test;

/** Real Log4j 2 events (immutable and the reused mutable kind) and appenders. */
class Log4jHelperTest {

  private final RecordedAppLogs logs = new RecordedAppLogs();
  private final List<AppLogRecord> records = logs.records();
  private final Log4jHelper helper = new Log4jHelper(logs.observer());
  private final ConsoleAppender console =
      ConsoleAppender.newBuilder()
          .setName("console")
          .setLayout(PatternLayout.createDefaultLayout())
          .build();

  @Test
  void aConsoleAppendersEventIsTakenWithEverythingItCarries() throws Throwable {
    IllegalArgumentException error = new IllegalArgumentException("no tool");
    LogEvent event =
        Log4jLogEvent.newBuilder()
            .setLoggerName("com.acme.Tools")
            .setLevel(Level.FATAL)
            .setMessage(new ParameterizedMessage("tool {} missing", "search"))
            .setThrown(error)
            .setThreadName("worker-3")
            .setTimeMillis(1_764_930_600_007L)
            .setContextData(
                new JdkMapAdapterStringMap(
                    new java.util.HashMap<>(java.util.Map.of("request_id", "req-2")), true))
            .build();

    assertThat(helper.append(console, event)).isTrue();

    AppLogRecord record = records.get(0);
    assertThat(record.level()).isEqualTo("ERROR");
    assertThat(record.logger()).isEqualTo("com.acme.Tools");
    assertThat(record.message()).isEqualTo("tool search missing");
    assertThat(record.thread()).isEqualTo("worker-3");
    assertThat(record.thrown()).isSameAs(error);
    assertThat(record.epochMillis()).isEqualTo(1_764_930_600_007L);
    assertThat(record.context()).containsEntry("request_id", "req-2");
  }

  @Test
  void aReusedMutableEventIsCopiedWhenTaken() throws Throwable {
    MutableLogEvent event = new MutableLogEvent();
    event.setLoggerName("l");
    event.setLevel(Level.INFO);
    event.setMessage(new ParameterizedMessage("first {}", 1));
    assertThat(helper.append(console, event)).isTrue();
    event.setMessage(new ParameterizedMessage("second {}", 2));
    assertThat(records.get(0).message()).isEqualTo("first 1");
    assertThat(records.get(0).context()).isEmpty();
  }

  @Test
  void otherAppendersAreLeftToWriteTheirOwnFormat() throws Throwable {
    LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("l").setLevel(Level.INFO).build();
    assertThat(helper.append(NullAppender.createAppender("null"), event)).isFalse();
    assertThat(records).isEmpty();
  }
}
