/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it.llmstub;

/**
 * What the LLM probes ({@code probes/*SdkCalls.java}, on whose class path the test classes are)
 * print on stderr for each call: {@code <phase>: <result>} or {@code <phase>: threw <class>:
 * <message>}, for the test to compare with what the stub answered.
 */
public final class ProbeOutcome {

  /** One of the probe's calls. */
  public interface Call {
    String run() throws Throwable;
  }

  public static void report(String phase, Call call) {
    String outcome;
    try {
      outcome = call.run();
    } catch (Throwable t) {
      outcome = "threw " + t.getClass().getName() + ": " + t.getMessage();
    }
    System.err.println(phase + ": " + outcome);
  }

  private ProbeOutcome() {}
}
