/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.logging;

/** The frameworks' level names, as the five our lines use. */
public final class AppLogLevels {

  /** Logback's and Log4j 2's level names; anything unknown (a custom level) reads as INFO. */
  public static String ofName(String name) {
    if (name == null) {
      return "INFO";
    }
    switch (name) {
      case "TRACE":
      case "ALL":
        return "TRACE";
      case "DEBUG":
        return "DEBUG";
      case "WARN":
        return "WARN";
      case "ERROR":
      case "FATAL":
        return "ERROR";
      default:
        return "INFO";
    }
  }

  /** {@code java.util.logging} levels by their value: SEVERE, WARNING, INFO, CONFIG/FINE, FINER-. */
  public static String ofJulValue(int value) {
    if (value >= 1000) {
      return "ERROR";
    }
    if (value >= 900) {
      return "WARN";
    }
    if (value >= 800) {
      return "INFO";
    }
    if (value >= 500) {
      return "DEBUG";
    }
    return "TRACE";
  }

  private AppLogLevels() {}
}
