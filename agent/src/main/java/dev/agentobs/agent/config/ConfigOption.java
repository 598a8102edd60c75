/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its name, type, default and description. The single source of truth for
 * what the agent accepts; the documented properties file is written from these definitions.
 */
public final class ConfigOption {

  /** The value types a key can have; each parses and explains itself. */
  public enum Type {
    STRING("a string"),
    /** A string never shown back: {@code --print-config} and messages print {@code ****}. */
    SECRET("a string"),
    BOOLEAN("true or false"),
    INT("an integer"),
    PORT("a port number 0-65535"),
    LEVEL("one of debug, info, warn, error"),
    DESTINATION("one of stdout, stderr, file"),
    PHASE_METHODS(PhaseMethods.EXPECTED);

    private final String expected;

    Type(String expected) {
      this.expected = expected;
    }

    /** What a valid value looks like, for error messages. */
    public String expected() {
      return expected;
    }

    Object parse(String raw) {
      String value = raw.trim();
      switch (this) {
        case STRING:
        case SECRET:
          return value;
        case BOOLEAN:
          if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.valueOf(value.toLowerCase(Locale.ROOT));
          }
          throw new IllegalArgumentException();
        case INT:
          int i = Integer.parseInt(value);
          if (i < 0) {
            throw new IllegalArgumentException();
          }
          return i;
        case PORT:
          int port = Integer.parseInt(value);
          if (port < 0 || port > 65535) {
            throw new IllegalArgumentException();
          }
          return port;
        case LEVEL:
          return oneOf(value, List.of("debug", "info", "warn", "error"));
        case DESTINATION:
          return oneOf(value, List.of("stdout", "stderr", "file"));
        case PHASE_METHODS:
          return PhaseMethods.parse(value);
        default:
          throw new IllegalStateException(name());
      }
    }

    private static String oneOf(String value, List<String> allowed) {
      String lower = value.toLowerCase(Locale.ROOT);
      if (!allowed.contains(lower)) {
        throw new IllegalArgumentException();
      }
      return lower;
    }
  }

  /** A value a parser rejects with a reason worth telling the user, beyond the expected form. */
  static final class BadValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadValue(String reason) {
      super(reason);
    }
  }

  private final String key;
  private final Type type;
  private final String defaultValue;
  private final String description;

  ConfigOption(String key, Type type, String defaultValue, String description) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The key as users write it, e.g. {@code metrics.port}. */
  public String key() {
    return key;
  }

  public Type type() {
    return type;
  }

  /** The default as text; empty for "unset". */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /**
   * The form every source's keys are compared in: lower case, with {@code -} and {@code _} read as
   * {@code .}, so {@code AGENT_OBS_METRICS_PORT}, {@code agent.obs.metrics.port} and {@code
   * metrics.port} name the same key.
   */
  static String normalize(String key) {
    return key.trim().toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
  }
}
