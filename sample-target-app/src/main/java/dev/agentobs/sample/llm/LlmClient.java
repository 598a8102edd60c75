/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.llm;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import java.util.Map;

/**
 * The sample's LLM client: LangChain4j's OpenAI chat model, one per model, against any
 * OpenAI-compatible endpoint (the in-process {@link StubLlmServer} unless one is configured). The
 * models are built on the first call, so the service starts without loading LangChain4j.
 */
public final class LlmClient {

  /** Model used for planning and synthesis. */
  public static final String LARGE_MODEL = "gpt-4o";

  /** Model used for the individual agent steps. */
  public static final String SMALL_MODEL = "gpt-4o-mini";

  private final String baseUrl;
  private final String apiKey;
  private volatile Map<String, ChatModel> models;

  /**
   * Creates the client.
   *
   * @param baseUrl the OpenAI-compatible API's base URL, e.g. {@code https://api.openai.com/v1}
   * @param apiKey the API key sent as a bearer token
   */
  public LlmClient(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  /**
   * Asks a model.
   *
   * @param model {@link #LARGE_MODEL} or {@link #SMALL_MODEL}
   * @param prompt the prompt: the agent's instructions on the first line, then the task
   * @return the answer with the model that answered and the usage the provider reported
   */
  public LlmResponse complete(String model, String prompt) {
    ChatModel chat = models().get(model);
    if (chat == null) {
      throw new IllegalArgumentException("unknown model " + model);
    }
    ChatResponse response = chat.chat(ChatRequest.builder().messages(UserMessage.from(prompt)).build());
    TokenUsage usage = response.tokenUsage();
    return new LlmResponse(
        response.aiMessage().text(),
        response.modelName() != null ? response.modelName() : model,
        usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
        usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
  }

  private Map<String, ChatModel> models() {
    Map<String, ChatModel> built = models;
    if (built == null) {
      synchronized (this) {
        built = models;
        if (built == null) {
          built =
              Map.of(
                  LARGE_MODEL, model(baseUrl, apiKey, LARGE_MODEL),
                  SMALL_MODEL, model(baseUrl, apiKey, SMALL_MODEL));
          models = built;
        }
      }
    }
    return built;
  }

  private static ChatModel model(String baseUrl, String apiKey, String name) {
    return OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName(name).build();
  }
}
