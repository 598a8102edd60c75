/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.openai;

import static dev.agentobs.agent.instrumentation.stainless.ModelProperties.count;
import static dev.agentobs.agent.instrumentation.stainless.ModelProperties.get;
import static dev.agentobs.agent.instrumentation.stainless.ModelProperties.text;

import dev.agentobs.agent.instrumentation.llm.LlmMessages;
import dev.agentobs.agent.instrumentation.stainless.ContentTexts;
import dev.agentobs.agent.instrumentation.stainless.StainlessLibrary;
import dev.agentobs.agent.observation.LlmCallObservation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the official OpenAI Java SDK's types: the chat completions API ({@code
 * ChatCompletionCreateParams}, {@code ChatCompletion}, streamed {@code ChatCompletionChunk}s, the
 * last of which carries the usage when {@code stream_options.include_usage} asked for it) and the
 * responses API ({@code ResponseCreateParams}, {@code Response}, streamed {@code
 * ResponseStreamEvent}s, whose {@code response.completed} event carries the whole response).
 */
public final class OpenAiLibrary extends StainlessLibrary {

  private static final String CHAT = "com.openai.models.chat.completions.ChatCompletion";
  private static final String CHUNK = "com.openai.models.chat.completions.ChatCompletionChunk";
  private static final String RESPONSE = "com.openai.models.responses.Response";
  private static final String EVENT = "com.openai.models.responses.ResponseStreamEvent";
  /** The events of a streamed response that carry the response, the last one with its usage. */
  private static final String[] RESPONSE_EVENTS = {"created", "completed", "incomplete", "failed"};
  /** The members of the union {@code ResponsesModel}. */
  private static final String[] MODEL_MEMBERS = {"string", "chat", "only"};
  /** The members of the union {@code ChatCompletionMessageParam}, each a role. */
  private static final String[] ROLES = {"developer", "system", "user", "assistant", "tool"};

  private static final ClassValue<String> NAMES =
      new ClassValue<String>() {
        @Override
        protected String computeValue(Class<?> type) {
          return type.getName();
        }
      };

  public OpenAiLibrary() {
    super(OpenAiInstrumentation.NAME, "com.openai");
  }

  @Override
  public void request(LlmCallObservation call, Object client, Object request) {
    call.setRequest("chat", "openai", modelName(get(request, "model")));
  }

  @Override
  public void response(LlmCallObservation call, Object response) {
    if (response == null) {
      return;
    }
    String type = NAMES.get(response.getClass());
    if (type.equals(CHAT) || type.equals(CHUNK)) {
      chatCompletion(call, response);
    } else if (type.equals(RESPONSE)) {
      response(call, response, true);
    } else if (type.equals(EVENT)) {
      for (String event : RESPONSE_EVENTS) {
        Object carried = get(response, event, "response");
        if (carried != null) {
          response(call, carried, !"created".equals(event));
          return;
        }
      }
    }
  }

  /**
   * Chat completions: each message's text under its role (the union's one present member names
   * it); responses: the instructions and a text input.
   */
  @Override
  public void inputMessages(Object request, LlmMessages messages) {
    Object list = get(request, "messages");
    if (list instanceof List) {
      for (Object message : (List<?>) list) {
        for (String role : ROLES) {
          Object member = get(message, role);
          if (member != null) {
            messages.add(role, ContentTexts.of(get(member, "content"), "arrayOfContentParts"),
                null);
            break;
          }
        }
      }
      return;
    }
    String instructions = text(request, "instructions");
    if (instructions != null) {
      messages.add("system", instructions);
    }
    Object input = get(request, "input");
    Object text = get(input, "text");
    if (text instanceof String) {
      messages.add("user", (String) text);
    }
  }

  /** A chat completion's choices, or a response's output messages, with their finish reasons. */
  @Override
  public void outputMessages(Object response, LlmMessages messages) {
    if (response == null) {
      return;
    }
    String type = NAMES.get(response.getClass());
    if (type.equals(CHAT)) {
      Object choices = get(response, "choices");
      if (choices instanceof List) {
        for (Object choice : (List<?>) choices) {
          messages.add("assistant", ContentTexts.of(get(get(choice, "message"), "content")),
              text(choice, "finishReason"));
        }
      }
    } else if (type.equals(RESPONSE)) {
      Object output = get(response, "output");
      if (output instanceof List) {
        for (Object item : (List<?>) output) {
          Object message = get(item, "message");
          Object content = get(message, "content");
          if (content instanceof List) {
            List<String> texts = new ArrayList<>();
            for (Object part : (List<?>) content) {
              Object text = get(get(part, "outputText"), "text");
              if (text instanceof String) {
                texts.add((String) text);
              }
            }
            messages.add("assistant", texts, text(response, "status"));
          }
        }
      }
    }
  }

  private static void chatCompletion(LlmCallObservation call, Object completion) {
    String[] reasons = null;
    Object choices = get(completion, "choices");
    if (choices instanceof List && !((List<?>) choices).isEmpty()) {
      List<?> list = (List<?>) choices;
      reasons = new String[list.size()];
      int n = 0;
      for (Object choice : list) {
        String reason = text(choice, "finishReason");
        if (reason != null) {
          reasons[n++] = reason;
        }
      }
      reasons = n == reasons.length ? reasons : Arrays.copyOf(reasons, n);
    }
    call.setResponse(text(completion, "model"), text(completion, "id"), reasons);
    Object usage = get(completion, "usage");
    if (usage != null) {
      call.setUsage(
          count(usage, "promptTokens"),
          count(usage, "completionTokens"),
          count(get(usage, "promptTokensDetails"), "cachedTokens"),
          LlmCallObservation.NOT_REPORTED);
    }
  }

  /**
   * A response of the responses API. Its finish reason is why it is incomplete, when it is, else
   * its status ({@code completed}); one still in progress (a stream's first event) has none yet.
   */
  private static void response(LlmCallObservation call, Object response, boolean finished) {
    String reason = null;
    if (finished) {
      reason = text(get(response, "incompleteDetails"), "reason");
      if (reason == null) {
        reason = text(response, "status");
      }
    }
    call.setResponse(
        modelName(get(response, "model")),
        text(response, "id"),
        reason == null ? null : new String[] {reason});
    Object usage = get(response, "usage");
    if (usage != null) {
      call.setUsage(
          count(usage, "inputTokens"),
          count(usage, "outputTokens"),
          count(get(usage, "inputTokensDetails"), "cachedTokens"),
          LlmCallObservation.NOT_REPORTED);
    }
  }

  /**
   * A model id: {@code ChatModel} prints as its id; {@code ResponsesModel}, a union of a string, a
   * {@code ChatModel} and a responses-only model, does not, so the member present is read.
   */
  private static String modelName(Object model) {
    if (model == null) {
      return null;
    }
    if (NAMES.get(model.getClass()).equals("com.openai.models.ResponsesModel")) {
      for (String member : MODEL_MEMBERS) {
        Object value = get(model, member);
        if (value != null) {
          return value.toString();
        }
      }
      return null;
    }
    return model.toString();
  }
}
