/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.logging;

import dev.agentobs.agent.observation.AppLogRecord;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.SelfStats;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An observer whose only signal keeps the app records it receives. */
public final class RecordedAppLogs implements ObservationListener {

  private final List<AppLogRecord> records = new CopyOnWriteArrayList<>();
  private final Observer observer = new Observer(List.of(this), new SelfStats());

  @Override
  public void onAppLog(AppLogRecord record) {
    records.add(record);
  }

  public Observer observer() {
    return observer;
  }

  public List<AppLogRecord> records() {
    return records;
  }
}
