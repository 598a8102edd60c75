/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.llm;

/**
 * A deterministic stand-in for an LLM provider: the same (model, prompt) always yields the same
 * text, token counts and latency, so tests can predict every number.
 *
 * <ul>
 *   <li>{@code inputTokens = words(prompt) * 4 + 20} (words = whitespace-separated)
 *   <li>{@code outputTokens = 50 + prompt.length() % 37}
 *   <li>latency {@code = 5 + prompt.length() % 11} ms (5..15 ms)
 * </ul>
 */
public final class SimulatedLlm {

  /** Model used for planning and synthesis. */
  public static final String LARGE_MODEL = "gpt-4o";

  /** Model used for the individual agent steps. */
  public static final String SMALL_MODEL = "gpt-4o-mini";

  /**
   * "Calls" the model.
   *
   * @param model the model name, echoed in the response
   * @param prompt the full prompt
   * @return a deterministic response
   */
  public LlmResponse complete(String model, String prompt) {
    long inputTokens = wordCount(prompt) * 4L + 20;
    long outputTokens = 50 + prompt.length() % 37;
    sleep(5 + prompt.length() % 11);
    String text =
        model
            + " on \""
            + abbreviate(lastLine(prompt), 80)
            + "\": findings #"
            + Integer.toHexString(prompt.hashCode()); // String.hashCode is specified, so stable
    return new LlmResponse(text, model, inputTokens, outputTokens);
  }

  static int wordCount(String prompt) {
    String trimmed = prompt.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }

  private static String lastLine(String prompt) {
    String trimmed = prompt.strip();
    return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
