/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.anthropic;

import static dev.agentobs.agent.instrumentation.stainless.ModelProperties.count;
import static dev.agentobs.agent.instrumentation.stainless.ModelProperties.get;
import static dev.agentobs.agent.instrumentation.stainless.ModelProperties.text;

import dev.agentobs.agent.instrumentation.llm.LlmMessages;
import dev.agentobs.agent.instrumentation.stainless.ContentTexts;
import dev.agentobs.agent.instrumentation.stainless.StainlessLibrary;
import dev.agentobs.agent.observation.LlmCallObservation;
import java.util.List;

/**
 * Reads the official Anthropic Java SDK's messages API: {@code MessageCreateParams}, {@code
 * Message}, and the streamed {@code RawMessageStreamEvent}s, of which {@code message_start} carries
 * the message's id, model and input usage and {@code message_delta} the stop reason and the final
 * output tokens.
 *
 * <p>Anthropic's {@code input_tokens} leaves out the tokens read from or written to the prompt
 * cache; the GenAI conventions' input count includes them, so they are added.
 */
public final class AnthropicLibrary extends StainlessLibrary {

  private static final String MESSAGE = "com.anthropic.models.messages.Message";
  private static final String EVENT = "com.anthropic.models.messages.RawMessageStreamEvent";

  private static final ClassValue<String> NAMES =
      new ClassValue<String>() {
        @Override
        protected String computeValue(Class<?> type) {
          return type.getName();
        }
      };

  public AnthropicLibrary() {
    super(AnthropicInstrumentation.NAME, "com.anthropic");
  }

  @Override
  public void request(LlmCallObservation call, Object client, Object request) {
    call.setRequest("chat", "anthropic", text(request, "model"));
  }

  @Override
  public void response(LlmCallObservation call, Object response) {
    if (response == null) {
      return;
    }
    String type = NAMES.get(response.getClass());
    if (type.equals(MESSAGE)) {
      message(call, response);
    } else if (type.equals(EVENT)) {
      Object start = get(response, "messageStart", "message");
      if (start != null) {
        message(call, start);
        return;
      }
      Object delta = get(response, "messageDelta");
      if (delta != null) {
        String reason = text(get(delta, "delta"), "stopReason");
        call.setResponse(null, null, reason == null ? null : new String[] {reason});
        usage(call, get(delta, "usage"));
      }
    }
  }

  /** The system prompt, then each message's text parts under its role. */
  @Override
  public void inputMessages(Object request, LlmMessages messages) {
    List<String> system = ContentTexts.of(get(request, "system"), "textBlockParams");
    if (!system.isEmpty()) {
      messages.add("system", system, null);
    }
    Object list = get(request, "messages");
    if (!(list instanceof List)) {
      return;
    }
    for (Object message : (List<?>) list) {
      String role = text(message, "role");
      messages.add(role == null ? "user" : role,
          ContentTexts.of(get(message, "content"), "contentBlockParams", "blockParams"), null);
    }
  }

  /** A whole (not streamed) message's text blocks, with its stop reason. */
  @Override
  public void outputMessages(Object response, LlmMessages messages) {
    if (response == null || !NAMES.get(response.getClass()).equals(MESSAGE)) {
      return;
    }
    Object content = get(response, "content");
    if (content instanceof List) {
      messages.add("assistant", ContentTexts.ofParts((List<?>) content),
          text(response, "stopReason"));
    }
  }

  private static void message(LlmCallObservation call, Object message) {
    String reason = text(message, "stopReason");
    call.setResponse(
        text(message, "model"), text(message, "id"), reason == null ? null : new String[] {reason});
    usage(call, get(message, "usage"));
  }

  /**
   * A message's usage, or a stream's running totals in {@code message_delta} (where the input and
   * cache counts may be absent: what {@code message_start} said stands).
   */
  private static void usage(LlmCallObservation call, Object usage) {
    if (usage == null) {
      return;
    }
    long cacheRead = count(usage, "cacheReadInputTokens");
    long cacheCreation = count(usage, "cacheCreationInputTokens");
    long input = count(usage, "inputTokens");
    if (input >= 0) {
      input +=
          Math.max(cacheRead >= 0 ? cacheRead : call.cacheReadTokens(), 0)
              + Math.max(cacheCreation >= 0 ? cacheCreation : call.cacheCreationTokens(), 0);
    }
    call.setUsage(input, count(usage, "outputTokens"), cacheRead, cacheCreation);
  }
}
