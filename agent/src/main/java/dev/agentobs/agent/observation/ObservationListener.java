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

  /** An outgoing HTTP call starts, on the calling thread; it is not current there. */
  default void onClientCallStart(ClientCallObservation call) {}

  /** An outgoing HTTP call ended, on the thread that completed it (maybe not the caller's). */
  default void onClientCallEnd(ClientCallObservation call) {}

  /** An LLM call starts, on the calling thread, where it is current until its method returns. */
  default void onLlmCallStart(LlmCallObservation call) {}

  /**
   * An LLM call ended, costed and added to its phase's and task's totals; on the thread that
   * completed it (a streamed response may complete on the client's).
   */
  default void onLlmCallEnd(LlmCallObservation call) {}

  default void onCacheLookup(CacheLookup lookup) {}

  default void onAppLog(AppLogRecord record) {}

  /**
   * Work captured within {@code context} starts on this thread (a pool's, a new thread): thread
   * listeners only. What it returns is handed to {@link #onDetach} when that work ends.
   */
  default Object onAttach(Observation context) {
    return null;
  }

  /** The work that {@link #onAttach} announced ended on this thread: thread listeners only. */
  default void onDetach(Observation context, Object attached) {}
}
