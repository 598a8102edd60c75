/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.observation.Observation;
import java.util.ArrayList;
import java.util.List;

/** A line's fields as the writer is given them: alternating names and values. */
final class CollectedFields {

  static List<Object> of(LogEvent line) {
    return of(line.fields, line.ids);
  }

  static List<Object> of(LogFields fields, Observation source) {
    List<Object> collected = new ArrayList<>();
    fields.write(source, new LogFields.Out() {
      @Override
      public void string(String name, String value) {
        if (value != null) {
          value(name, value);
        }
      }

      @Override
      public void number(String name, long value) {
        value(name, value);
      }

      @Override
      public void number(String name, double value) {
        value(name, value);
      }

      @Override
      public void value(String name, Object value) {
        collected.add(name);
        collected.add(value);
      }
    });
    return collected;
  }

  private CollectedFields() {}
}
