/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.observation.Observation;

/**
 * A line's own fields, written when the line is, on the writer thread. The agent's events read
 * theirs from the ended observation there, typed, as its span does on the exporter's thread: the
 * app thread builds no array and boxes no number, and nothing but the event waits in the queue.
 */
interface LogFields {

  /** Writes the fields of a line about {@code source} (null for a line about no observation). */
  void write(Observation source, Out out);

  /** Where fields go. A null string, or a null value, is no field. */
  interface Out {
    void string(String name, String value);

    void number(String name, long value);

    void number(String name, double value);

    /**
     * A value of any type: a String, Long, Integer, Double or Boolean; a {@code Map} (an app
     * record's context, each entry a field) or a {@code Throwable} (its type, message and trace).
     */
    void value(String name, Object value);
  }

  /** Fields given as alternating names and values, for lines that come with their values. */
  static LogFields of(Object... namesAndValues) {
    return (source, out) -> {
      for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
        out.value((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    };
  }
}
