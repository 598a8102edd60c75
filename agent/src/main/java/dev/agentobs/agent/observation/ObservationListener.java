/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

/**
 * A signal (logs, metrics, traces) consuming observations. Called on the application thread that
 * runs the work: implementations must be quick and never block (hand slow work to a queue).
 * Exceptions are caught and counted by the {@link Observer}, but a listener should not throw.
 */
public interface ObservationListener {

  default void onTaskStart(TaskObservation task) {}

  default void onTaskEnd(TaskObservation task) {}

  default void onPhaseStart(PhaseObservation phase) {}

  default void onPhaseEnd(PhaseObservation phase) {}

  default void onCacheLookup(CacheLookup lookup) {}

  default void onAppLog(AppLogRecord record) {}
}
