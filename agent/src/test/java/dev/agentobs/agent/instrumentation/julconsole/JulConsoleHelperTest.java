/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.julconsole;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.instrumentation.logging.RecordedAppLogs;
import dev.agentobs.agent.observation.AppLogRecord;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.Observer.PhaseScope;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The real JUL ConsoleHandler and LogRecord. */
class JulConsoleHelperTest {

  private final RecordedAppLogs logs = new RecordedAppLogs();
  private final List<AppLogRecord> records = logs.records();
  private final Observer observer = logs.observer();
  private final JulConsoleHelper helper = new JulConsoleHelper(observer);

  @Test
  void aRecordIsTakenWithItsParametersFilledInAndTheObservationInProgress() {
    LogRecord record = new LogRecord(Level.WARNING, "step {0} of {1}");
    record.setParameters(new Object[] {2, 5});
    record.setLoggerName("com.acme.Steps");
    RuntimeException error = new RuntimeException("x");
    record.setThrown(error);

    PhaseScope phase = observer.startPhase("p", "", "a.P", "a.P.p");
    assertThat(helper.publish(new ConsoleHandler(), record)).isTrue();
    observer.endPhase(phase, null, null);

    AppLogRecord taken = records.get(0);
    assertThat(taken.level()).isEqualTo("WARN");
    assertThat(taken.message()).isEqualTo("step 2 of 5");
    assertThat(taken.logger()).isEqualTo("com.acme.Steps");
    assertThat(taken.thrown()).isSameAs(error);
    assertThat(taken.within()).isSameAs(phase.phase());
    assertThat(taken.context()).isEmpty();
  }

  @Test
  void whatTheHandlersLevelRejectsIsLeftAlone() {
    ConsoleHandler handler = new ConsoleHandler(); // INFO by default
    assertThat(helper.publish(handler, new LogRecord(Level.FINE, "debug detail"))).isFalse();
    assertThat(records).isEmpty();
  }
}
