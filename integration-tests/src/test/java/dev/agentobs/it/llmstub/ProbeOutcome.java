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

  /** The line the probe prints on stderr once every call returned. */
  public static final String DONE = "probe: all calls made";

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

  /**
   * Says {@link #DONE} and keeps the JVM (and its metrics sidecar) up until its standard input
   * closes: the test scrapes the metrics, then ends the probe.
   */
  public static void done() throws java.io.IOException {
    System.err.println(DONE);
    while (System.in.read() >= 0) {
      // nothing is sent: this only waits for the end of the input
    }
  }

  private ProbeOutcome() {}
}
