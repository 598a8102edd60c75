/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The strings every line repeats (field names, event names, the agent's messages, logger, phase
 * and agent names), made safe and UTF-8 encoded once instead of escaped character by character on
 * every line: under load, Jackson's escaping of these was the log writer's largest cost. Keyed by
 * identity, since they are the same few constants each time; a string seen for the first time
 * (which may be a one-off) is encoded and kept while fewer than {@link #MAX} are, so an app that
 * logs unbounded names costs at most that much memory. Used by the log writer's thread only.
 */
final class ConstantStrings {

  static final int MAX = 512;

  /**
   * Fields whose values are names from the app's annotations and its methods' names (woven in as
   * class-file constants, so the same string instance on every call): a handful of constants.
   */
  private static final Set<String> CONSTANT_VALUE_FIELDS =
      Set.of("phase", "agent_type", "code_function");

  /** Fields of the agent's events that may carry text from the app (exception messages). */
  private static final Set<String> FREE_TEXT_FIELDS = Set.of("error");

  private static final byte[] EMPTY = JsonBytes.quoted("");

  private final Map<String, Name> names = new IdentityHashMap<>();
  private final Map<String, byte[]> values = new IdentityHashMap<>();
  private final Redactor redactor;
  private final UnaryOperator<String> safe;

  /**
   * @param redactor decides, once per name, whether its values are redacted
   * @param safe what makes a value fit for a line (cut to size, valid UTF-16)
   */
  ConstantStrings(Redactor redactor, UnaryOperator<String> safe) {
    this.redactor = redactor;
    this.safe = safe;
  }

  /** A field name of the agent's own, encoded, and whether its values are secret. */
  Name name(String name) {
    Name known = names.get(name);
    if (known == null) {
      known =
          new Name(
              JsonBytes.name(safe.apply(name)),
              redactor.isSecretKey(name),
              CONSTANT_VALUE_FIELDS.contains(name),
              FREE_TEXT_FIELDS.contains(name));
      if (names.size() < MAX) {
        names.put(name, known);
      }
    }
    return known;
  }

  /** A value made safe, encoded and quoted; an empty string for null. */
  byte[] value(String value) {
    if (value == null) {
      return EMPTY;
    }
    byte[] known = values.get(value);
    if (known == null) {
      known = JsonBytes.quoted(safe.apply(value));
      if (values.size() < MAX) {
        values.put(value, known);
      }
    }
    return known;
  }

  /** A field name, encoded with its comma and colon, with what the writer decides by it. */
  static final class Name {
    final byte[] encoded;
    final boolean secret;
    final boolean constantValues;
    final boolean freeText;

    Name(byte[] encoded, boolean secret, boolean constantValues, boolean freeText) {
      this.encoded = encoded;
      this.secret = secret;
      this.constantValues = constantValues;
      this.freeText = freeText;
    }
  }
}
