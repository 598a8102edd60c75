/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.langchain4j;

import dev.agentobs.agent.observation.LlmCallObservation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * The prompt-cache counts of a provider's {@code TokenUsage} subclass, found once per class:
 * {@code OpenAiTokenUsage.inputTokensDetails().cachedTokens()} (already part of the input count),
 * or {@code AnthropicTokenUsage.cacheReadInputTokens()} and {@code cacheCreationInputTokens()}
 * (not part of Anthropic's input count: added, so the input counts every input token as the GenAI
 * conventions and the cost expect).
 */
final class CacheTokens {

  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

  private static final ClassValue<CacheTokens> BY_USAGE_CLASS =
      new ClassValue<CacheTokens>() {
        @Override
        protected CacheTokens computeValue(Class<?> type) {
          return new CacheTokens(
              getter(type, "inputTokensDetails"),
              getter(returnType(type, "inputTokensDetails"), "cachedTokens"),
              getter(type, "cacheReadInputTokens"),
              getter(type, "cacheCreationInputTokens"));
        }
      };

  private final MethodHandle details;
  private final MethodHandle cachedTokens;
  private final MethodHandle cacheRead;
  private final MethodHandle cacheCreation;

  private CacheTokens(
      MethodHandle details,
      MethodHandle cachedTokens,
      MethodHandle cacheRead,
      MethodHandle cacheCreation) {
    this.details = details;
    this.cachedTokens = cachedTokens;
    this.cacheRead = cacheRead;
    this.cacheCreation = cacheCreation;
  }

  static void readInto(LlmCallObservation call, Object usage, long input, long output)
      throws Throwable {
    CacheTokens cache = BY_USAGE_CLASS.get(usage.getClass());
    long read = LlmCallObservation.NOT_REPORTED;
    long created = LlmCallObservation.NOT_REPORTED;
    if (cache.details != null && cache.cachedTokens != null) {
      Object d = cache.details.invoke(usage);
      if (d != null) {
        read = LangChain4jLibrary.longOf(cache.cachedTokens.invoke(d));
      }
    } else if (cache.cacheRead != null) {
      read = LangChain4jLibrary.longOf(cache.cacheRead.invoke(usage));
      created =
          cache.cacheCreation == null
              ? LlmCallObservation.NOT_REPORTED
              : LangChain4jLibrary.longOf(cache.cacheCreation.invoke(usage));
      if (input >= 0) {
        input += Math.max(read, 0) + Math.max(created, 0);
      }
    }
    call.setUsage(input, output, read, created);
  }

  private static Class<?> returnType(Class<?> type, String name) {
    try {
      return type.getMethod(name).getReturnType();
    } catch (NoSuchMethodException | RuntimeException e) {
      return null;
    }
  }

  private static MethodHandle getter(Class<?> type, String name) {
    if (type == null) {
      return null;
    }
    try {
      Method method = type.getMethod(name);
      return MethodHandles.publicLookup().unreflect(method).asType(GETTER);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
