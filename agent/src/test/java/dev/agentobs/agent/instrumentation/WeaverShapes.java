/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation;

import dev.agentobs.bootstrap.AgentPhase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * Method shapes for {@link PhaseWeaverTest}: every kind of return, wide locals, branches into the
 * first instruction, the method's own handlers beside the woven one. Woven by the test and loaded
 * in a loader of its own (the agent never weaves its own package).
 */
public class WeaverShapes implements Function<String, String> {

  private final String prefix;

  public WeaverShapes(String prefix) {
    this.prefix = prefix;
  }

  @AgentPhase(value = "plan", agent = "planner")
  public String plan(String goal) {
    return prefix + goal;
  }

  @AgentPhase("wide")
  public static long wide(long a, double b, int c) {
    long sum = a + c;
    double scaled = b * 2;
    return sum + (long) scaled;
  }

  @AgentPhase("double")
  public static double half(double value) {
    return value / 2;
  }

  @AgentPhase("flag")
  public boolean flag(int value) {
    return value > 0;
  }

  @AgentPhase("char")
  public static char initial(String word) {
    return word.charAt(0);
  }

  @AgentPhase("float")
  public static float third(float value) {
    return value / 3;
  }

  @AgentPhase("byte")
  public static byte low(int value) {
    return (byte) value;
  }

  @AgentPhase("short")
  public static short small(int value) {
    return (short) value;
  }

  @AgentPhase("void")
  public void nothing(StringBuilder out) {
    out.append(prefix);
  }

  @AgentPhase("throws")
  public String fail(String message) throws IOException {
    throw new IOException(message);
  }

  @AgentPhase("unchecked")
  public int failUnchecked(int divisor) {
    return 10 / divisor;
  }

  @AgentPhase("catches")
  public String catchesItsOwn(String number) {
    try {
      return "parsed " + Integer.parseInt(number);
    } catch (NumberFormatException e) {
      return "not a number";
    }
  }

  @AgentPhase("finally")
  public String withFinally(StringBuilder trace, boolean fail) {
    try {
      if (fail) {
        throw new IllegalStateException("inside");
      }
      trace.append("body;");
      return "done";
    } finally {
      trace.append("finally;");
    }
  }

  @AgentPhase("loop")
  public static int loopFirst(int n) {
    int total = 0;
    while (n > 0) { // javac puts the test at the loop's head, a branch target early in the code
      total += n--;
    }
    return total;
  }

  @AgentPhase("switch")
  public static String kind(int value) {
    switch (value) {
      case 0:
        return "zero";
      case 1:
        return "one";
      case 2:
        return "two";
      default:
        for (int i = 0; i < 3; i++) {
          if (i == value) {
            return "never";
          }
        }
        return "many";
    }
  }

  @AgentPhase("sync")
  public synchronized String locked(String value) {
    return value.toUpperCase();
  }

  @AgentPhase("lambda")
  public String viaLambda(String value) {
    java.util.function.Function<String, String> twice = v -> v + v;
    return twice.apply(value);
  }

  @AgentPhase("rethrow")
  public String wraps(String path) {
    try {
      throw new IOException(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Called through {@link Function}: by javac's bridge {@code apply(Object)}, annotated too. */
  @AgentPhase("apply")
  @Override
  public String apply(String value) {
    return prefix + value;
  }

  /** Not annotated: left as it is. */
  public String plain(String value) {
    return value;
  }
}
