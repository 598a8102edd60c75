/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.internal;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own diagnostics: single plain-text lines on stderr prefixed {@code agent-obs:}, kept
 * apart from the JSON event stream on stdout. Warnings are always printed; debug lines only with
 * {@code log.level=debug}. "Once" variants print a given key a single time, so a failing collector
 * or a broken listener cannot flood the output.
 */
public final class AgentLog {

  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
  private static final PrintStream ERR = System.err;
  private static volatile boolean debug;

  public static void setDebug(boolean enabled) {
    debug = enabled;
  }

  public static boolean isDebug() {
    return debug;
  }

  /** A line printed whatever the level: the start-up banner. */
  public static void info(String message) {
    print(message);
  }

  public static void warn(String message) {
    print(message);
  }

  public static void warnOnce(String key, String message) {
    if (SEEN.add(key)) {
      print(message);
    }
  }

  public static void debug(String message) {
    if (debug) {
      print(message);
    }
  }

  /** At debug level, {@code "<what> in <N> ms"} since {@code startNanos}; nothing built otherwise. */
  public static void debugTook(String what, long startNanos) {
    if (debug) {
      print(what + " in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
    }
  }

  public static void debugOnce(String key, String message) {
    if (debug && SEEN.add(key)) {
      print(message);
    }
  }

  private static void print(String message) {
    try {
      ERR.println("agent-obs: " + message.replace('\n', ' ').replace('\r', ' '));
    } catch (Throwable ignored) {
      // stderr closed: nothing else to tell
    }
  }

  private AgentLog() {}
}
