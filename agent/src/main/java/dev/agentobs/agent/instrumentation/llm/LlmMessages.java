/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.llm;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;

/**
 * The messages of one side of an LLM call (its input or its output) as the GenAI semantic
 * conventions' {@code gen_ai.input.messages} / {@code gen_ai.output.messages} JSON: an array of
 * {@code {"role": …, "parts": [{"type": "text", "content": …}], "finish_reason": …}}. Only built when
 * content capture is on ({@code llm.capture.content}).
 *
 * <p>The text of all parts together is capped at {@code maxChars} characters: the part that
 * reaches the cap is cut and ends with {@value #CUT} (a part with nothing left to give is only the
 * marker), and later parts and messages are left out. The JSON stays valid whatever is cut.
 */
public final class LlmMessages {

  /** Ends a cut text. */
  public static final String CUT = "...[truncated]";

  private final StringBuilder json = new StringBuilder("[");
  private int remaining;
  private boolean cut;
  private int count;

  public LlmMessages(int maxChars) {
    this.remaining = maxChars;
  }

  /** Adds a message with one text part (none when {@code text} is {@code null}). */
  public LlmMessages add(String role, String text) {
    return add(role, text == null ? List.of() : List.of(text), null);
  }

  /**
   * Adds a message: its role ({@code system}, {@code user}, {@code assistant}, {@code tool}), its
   * text parts in order, and for an output message the reason the model stopped ({@code null}
   * leaves it out).
   */
  public LlmMessages add(String role, List<String> texts, String finishReason) {
    if (cut) {
      return this;
    }
    if (count++ > 0) {
      json.append(',');
    }
    json.append("{\"role\":");
    string(role == null ? "" : role);
    json.append(",\"parts\":[");
    boolean first = true;
    for (String text : texts) {
      if (text == null) {
        continue;
      }
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append("{\"type\":\"text\",\"content\":");
      if (text.length() <= remaining) {
        remaining -= text.length();
        string(text);
      } else {
        int end = remaining;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
          end--; // never split a surrogate pair
        }
        string(text.substring(0, end) + CUT);
        remaining = 0;
        cut = true;
      }
      json.append('}');
      if (cut) {
        break;
      }
    }
    json.append(']');
    if (finishReason != null && !finishReason.isEmpty()) {
      json.append(",\"finish_reason\":");
      string(finishReason);
    }
    json.append('}');
    return this;
  }

  /** Whether no message was added. */
  public boolean isEmpty() {
    return count == 0;
  }

  /** The JSON array, or {@code null} when no message was added. */
  public String json() {
    return count == 0 ? null : json.toString() + ']';
  }

  private void string(String s) {
    json.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
  }
}
