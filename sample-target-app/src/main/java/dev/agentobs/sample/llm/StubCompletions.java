/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * What the stub LLM answers, deterministically: the same (model, prompt) always yields the same
 * text, usage and latency, so tests can predict every number. The prompt is the request's messages'
 * contents joined by newlines; its first line is the agent's instructions, the same on every call of
 * that agent, which the stub reports as read from the prompt cache.
 *
 * <ul>
 *   <li>{@code prompt_tokens = words(prompt) * 4 + 20} (words = whitespace-separated)
 *   <li>{@code completion_tokens = 50 + prompt.length() % 37}
 *   <li>{@code cached_tokens = words(first line) * 4}, rounded down to a multiple of 16
 *   <li>latency {@code = 5 + prompt.length() % 11} ms (5..15 ms)
 *   <li>the model answering is the requested one's dated snapshot, as OpenAI reports it
 * </ul>
 */
public final class StubCompletions {

  /** The dated snapshots OpenAI answers with for the sample's models. */
  static final Map<String, String> SNAPSHOTS =
      Map.of("gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini", "gpt-4o-mini-2024-07-18");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long CREATED = 1_767_225_600L;

  private StubCompletions() {}

  /**
   * The {@code chat.completion} body answering a {@code /v1/chat/completions} request body.
   *
   * @param request the request's JSON
   * @return the response's JSON
   */
  public static String answer(JsonNode request) {
    String model = request.path("model").asText();
    StringBuilder prompt = new StringBuilder();
    for (JsonNode message : request.path("messages")) {
      if (prompt.length() > 0) {
        prompt.append('\n');
      }
      prompt.append(message.path("content").asText());
    }
    String text = prompt.toString();
    sleep(latencyMillis(text));
    long promptTokens = promptTokens(text);
    ObjectNode body = MAPPER.createObjectNode();
    body.put("id", "chatcmpl-" + Integer.toHexString((model + text).hashCode()));
    body.put("object", "chat.completion");
    body.put("created", CREATED);
    body.put("model", SNAPSHOTS.getOrDefault(model, model));
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", completion(model, text));
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens(text));
    usage.put("total_tokens", promptTokens + completionTokens(text));
    usage.putObject("prompt_tokens_details").put("cached_tokens", cachedTokens(text));
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
    body.put("system_fingerprint", "fp_sample_stub");
    return body.toString();
  }

  static long promptTokens(String prompt) {
    return wordCount(prompt) * 4L + 20;
  }

  static long completionTokens(String prompt) {
    return 50 + prompt.length() % 37;
  }

  static long cachedTokens(String prompt) {
    int newline = prompt.indexOf('\n');
    String instructions = newline < 0 ? prompt : prompt.substring(0, newline);
    return wordCount(instructions) * 4L / 16 * 16;
  }

  static int wordCount(String prompt) {
    String trimmed = prompt.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }

  private static long latencyMillis(String prompt) {
    return 5 + prompt.length() % 11;
  }

  /** The answer: names the model and the prompt's last line, with a stable hash of the prompt. */
  private static String completion(String model, String prompt) {
    String trimmed = prompt.strip();
    String lastLine = trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    String shown = lastLine.length() <= 80 ? lastLine : lastLine.substring(0, 77) + "...";
    // String.hashCode is specified, so stable across runs
    return model + " on \"" + shown + "\": findings #" + Integer.toHexString(prompt.hashCode());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
