/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.langchain4j;

import dev.agentobs.agent.instrumentation.llm.LlmCallScope;
import dev.agentobs.agent.instrumentation.llm.LlmLibrary;
import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.instrumentation.llm.LlmMessages;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads LangChain4j's chat models, requests and responses for {@link LangChain4jInstrumentation}:
 * the provider from the model's {@code ModelProvider}, the model asked for from the request or the
 * model's default parameters, and from the {@code ChatResponse} its id, model, finish reason and
 * {@code TokenUsage}, with the provider-specific cache counts ({@code OpenAiTokenUsage}'s cached
 * tokens, {@code AnthropicTokenUsage}'s cache reads and writes). With content capture on, the
 * request's system, user, AI and tool-result messages and the response's {@code AiMessage} text.
 */
public final class LangChain4jLibrary extends LlmLibrary {

  /** {@code ModelProvider} names as {@code gen_ai.provider.name} values. */
  private static final Map<String, String> PROVIDERS =
      Map.ofEntries(
          Map.entry("OPEN_AI", "openai"),
          Map.entry("ANTHROPIC", "anthropic"),
          Map.entry("AZURE_OPEN_AI", "azure.ai.openai"),
          Map.entry("AMAZON_BEDROCK", "aws.bedrock"),
          Map.entry("GOOGLE_AI_GEMINI", "gcp.gemini"),
          Map.entry("GOOGLE_GENAI", "gcp.gen_ai"),
          Map.entry("GOOGLE_VERTEX_AI_GEMINI", "gcp.vertex_ai"),
          Map.entry("GOOGLE_VERTEX_AI_ANTHROPIC", "gcp.vertex_ai"),
          Map.entry("MICROSOFT_FOUNDRY", "azure.ai.inference"),
          Map.entry("MISTRAL_AI", "mistral_ai"),
          Map.entry("WATSONX", "ibm.watsonx.ai"),
          Map.entry("COHERE", "cohere"),
          Map.entry("OLLAMA", "ollama"));

  /** {@code FinishReason} names as the providers' finish reasons, one shared array each. */
  private static final Map<String, String[]> FINISH_REASONS =
      Map.of(
          "STOP", new String[] {"stop"},
          "LENGTH", new String[] {"length"},
          "TOOL_EXECUTION", new String[] {"tool_calls"},
          "CONTENT_FILTER", new String[] {"content_filter"},
          "OTHER", new String[] {"other"});

  /** The API as seen from a class's loader; {@code null} where LangChain4j is not visible. */
  private static final ClassValue<LangChain4jApi> API =
      new ClassValue<LangChain4jApi>() {
        @Override
        protected LangChain4jApi computeValue(Class<?> type) {
          try {
            return new LangChain4jApi(type.getClassLoader());
          } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
          }
        }
      };

  public LangChain4jLibrary() {
    super("langchain4j");
  }

  @Override
  public void request(LlmCallObservation call, Object model, Object request) throws Throwable {
    LangChain4jApi api = API.get(model.getClass());
    if (api == null) {
      return;
    }
    boolean streaming = !api.chatModel.isInstance(model);
    Object provider = (streaming ? api.streamingProvider : api.chatProvider).invoke(model);
    String requested = null;
    if (api.chatRequest.isInstance(request)) {
      requested = (String) api.requestModel.invoke(request);
    }
    if (requested == null) {
      Object defaults = (streaming ? api.streamingDefaults : api.chatDefaults).invoke(model);
      requested = defaults == null ? null : (String) api.parametersModel.invoke(defaults);
    }
    call.setRequest("chat", providerName(provider), requested);
  }

  @Override
  public void response(LlmCallObservation call, Object response) throws Throwable {
    if (response == null) {
      return;
    }
    LangChain4jApi api = API.get(response.getClass());
    if (api == null || !api.chatResponse.isInstance(response)) {
      return; // chat(String) returns the text: its nested chat(ChatRequest) read the response
    }
    Object reason = api.responseFinishReason.invoke(response);
    call.setResponse(
        (String) api.responseModel.invoke(response),
        (String) api.responseId.invoke(response),
        reason == null ? null : FINISH_REASONS.get(((Enum<?>) reason).name()));
    Object usage = api.responseUsage.invoke(response);
    if (usage != null) {
      CacheTokens.readInto(call, usage, longOf(api.inputTokens.invoke(usage)),
          longOf(api.outputTokens.invoke(usage)));
    }
  }

  @Override
  public void inputMessages(Object request, LlmMessages messages) throws Throwable {
    if (request instanceof String) { // chat(String): the one user message
      messages.add("user", (String) request);
      return;
    }
    LangChain4jApi api = request == null ? null : API.get(request.getClass());
    if (api == null || !api.chatRequest.isInstance(request)) {
      return;
    }
    for (Object message : (List<?>) api.requestMessages.invoke(request)) {
      if (api.systemMessage.isInstance(message)) {
        messages.add("system", (String) api.systemText.invoke(message));
      } else if (api.userMessage.isInstance(message)) {
        List<String> texts = new ArrayList<>();
        for (Object content : (List<?>) api.userContents.invoke(message)) {
          if (api.textContent.isInstance(content)) {
            texts.add((String) api.contentText.invoke(content));
          }
        }
        messages.add("user", texts, null);
      } else if (api.aiMessage.isInstance(message)) {
        messages.add("assistant", (String) api.aiText.invoke(message));
      } else if (api.toolResultMessage.isInstance(message)) {
        messages.add("tool", (String) api.toolResultText.invoke(message));
      }
    }
  }

  /** The response's {@code AiMessage} text, with its finish reason. */
  @Override
  public void outputMessages(Object response, LlmMessages messages) throws Throwable {
    LangChain4jApi api = response == null ? null : API.get(response.getClass());
    if (api == null || !api.chatResponse.isInstance(response)) {
      return;
    }
    Object ai = api.responseAiMessage.invoke(response);
    if (ai == null) {
      return;
    }
    Object reason = api.responseFinishReason.invoke(response);
    String[] reasons = reason == null ? null : FINISH_REASONS.get(((Enum<?>) reason).name());
    String text = (String) api.aiText.invoke(ai);
    messages.add("assistant", text == null ? List.of() : List.of(text),
        reasons == null ? null : reasons[0]);
  }

  /**
   * The application's handler behind a proxy of LangChain4j's handler interface that ends the
   * call on {@code onCompleteResponse} / {@code onError}, before passing each on.
   */
  @Override
  public Object wrapCallback(LlmCallScope scope, Object handler) {
    LangChain4jApi api = API.get(handler.getClass());
    if (api == null || !api.handler.isInstance(handler) || Proxy.isProxyClass(handler.getClass())
        && Proxy.getInvocationHandler(handler) instanceof EndingHandler) {
      return null;
    }
    return Proxy.newProxyInstance(
        api.handler.getClassLoader(), new Class<?>[] {api.handler}, new EndingHandler(scope, handler));
  }

  static long longOf(Object count) {
    return count instanceof Number ? ((Number) count).longValue() : LlmCallObservation.NOT_REPORTED;
  }

  private static String providerName(Object provider) {
    if (!(provider instanceof Enum)) {
      return null;
    }
    String name = ((Enum<?>) provider).name();
    String known = PROVIDERS.get(name);
    return known != null ? known : name.toLowerCase(Locale.ROOT);
  }
}
