/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.langchain4j;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The LangChain4j methods the agent calls, as method handles resolved once per class loader that
 * sees LangChain4j (the agent never links against it): the model's provider and default
 * parameters, the request's model, the response's id, model, finish reason and usage, and for
 * content capture the messages' text.
 */
final class LangChain4jApi {

  private static final MethodType OBJECT_GETTER = MethodType.methodType(Object.class, Object.class);
  private static final MethodType STRING_GETTER = MethodType.methodType(String.class, Object.class);

  final Class<?> chatModel;
  final Class<?> streamingChatModel;
  final Class<?> chatRequest;
  final Class<?> chatResponse;
  final Class<?> tokenUsage;
  final Class<?> handler;
  final MethodHandle chatProvider;
  final MethodHandle chatDefaults;
  final MethodHandle streamingProvider;
  final MethodHandle streamingDefaults;
  final MethodHandle parametersModel;
  final MethodHandle requestModel;
  final MethodHandle responseId;
  final MethodHandle responseModel;
  final MethodHandle responseFinishReason;
  final MethodHandle responseUsage;
  final MethodHandle inputTokens;
  final MethodHandle outputTokens;
  final Class<?> systemMessage;
  final Class<?> userMessage;
  final Class<?> aiMessage;
  final Class<?> toolResultMessage;
  final Class<?> textContent;
  final MethodHandle requestMessages;
  final MethodHandle systemText;
  final MethodHandle userContents;
  final MethodHandle contentText;
  final MethodHandle aiText;
  final MethodHandle toolResultText;
  final MethodHandle responseAiMessage;

  LangChain4jApi(ClassLoader loader) throws ReflectiveOperationException {
    chatModel = type(LangChain4jInstrumentation.CHAT_MODEL, loader);
    streamingChatModel = type(LangChain4jInstrumentation.STREAMING_CHAT_MODEL, loader);
    chatRequest = type("dev.langchain4j.model.chat.request.ChatRequest", loader);
    chatResponse = type(LangChain4jInstrumentation.CHAT_RESPONSE, loader);
    tokenUsage = type("dev.langchain4j.model.output.TokenUsage", loader);
    handler = type(LangChain4jInstrumentation.HANDLER, loader);
    Class<?> parameters = type("dev.langchain4j.model.chat.request.ChatRequestParameters", loader);
    Class<?> provider = type("dev.langchain4j.model.ModelProvider", loader);
    Class<?> finishReason = type("dev.langchain4j.model.output.FinishReason", loader);
    chatProvider = getter(chatModel, "provider", provider);
    chatDefaults = getter(chatModel, "defaultRequestParameters", parameters);
    streamingProvider = getter(streamingChatModel, "provider", provider);
    streamingDefaults = getter(streamingChatModel, "defaultRequestParameters", parameters);
    parametersModel = getter(parameters, "modelName", String.class).asType(STRING_GETTER);
    requestModel = getter(chatRequest, "modelName", String.class).asType(STRING_GETTER);
    responseId = getter(chatResponse, "id", String.class).asType(STRING_GETTER);
    responseModel = getter(chatResponse, "modelName", String.class).asType(STRING_GETTER);
    responseFinishReason = getter(chatResponse, "finishReason", finishReason);
    responseUsage = getter(chatResponse, "tokenUsage", tokenUsage);
    inputTokens = getter(tokenUsage, "inputTokenCount", Integer.class);
    outputTokens = getter(tokenUsage, "outputTokenCount", Integer.class);
    String messages = "dev.langchain4j.data.message.";
    systemMessage = type(messages + "SystemMessage", loader);
    userMessage = type(messages + "UserMessage", loader);
    aiMessage = type(messages + "AiMessage", loader);
    toolResultMessage = type(messages + "ToolExecutionResultMessage", loader);
    textContent = type(messages + "TextContent", loader);
    requestMessages = getter(chatRequest, "messages", java.util.List.class);
    systemText = getter(systemMessage, "text", String.class);
    userContents = getter(userMessage, "contents", java.util.List.class);
    contentText = getter(textContent, "text", String.class);
    aiText = getter(aiMessage, "text", String.class);
    toolResultText = getter(toolResultMessage, "text", String.class);
    responseAiMessage = getter(chatResponse, "aiMessage", aiMessage);
  }

  static Class<?> type(String name, ClassLoader loader) throws ClassNotFoundException {
    return Class.forName(name, false, loader);
  }

  /** A public no-argument method as {@code (Object) -> Object}. */
  static MethodHandle getter(Class<?> owner, String name, Class<?> returns)
      throws ReflectiveOperationException {
    return MethodHandles.publicLookup()
        .findVirtual(owner, name, MethodType.methodType(returns))
        .asType(OBJECT_GETTER);
  }
}
