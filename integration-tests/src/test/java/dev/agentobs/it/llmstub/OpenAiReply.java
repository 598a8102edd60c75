/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it.llmstub;

/**
 * What the stub answers one {@code /v1/chat/completions} request with: a completion with the given
 * usage, or an error status with OpenAI's error body.
 *
 * @param status the HTTP status; 200 for a completion
 * @param model the response's {@code model} (e.g. a dated id); {@code null} echoes the request's
 * @param content the assistant's text
 * @param promptTokens {@code usage.prompt_tokens} (cached ones included, as OpenAI counts)
 * @param completionTokens {@code usage.completion_tokens}
 * @param cachedTokens {@code usage.prompt_tokens_details.cached_tokens}
 * @param finishReason {@code choices[0].finish_reason}
 * @param errorCode for an error: OpenAI's {@code error.code}
 */
public record OpenAiReply(
    int status,
    String model,
    String content,
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    String finishReason,
    String errorCode) {

  /** A completed answer. */
  public static OpenAiReply completion(
      String model, String content, long prompt, long completion, long cached) {
    return new OpenAiReply(200, model, content, prompt, completion, cached, "stop", null);
  }

  /** OpenAI's 429 with its rate-limit error body. */
  public static OpenAiReply rateLimited() {
    return new OpenAiReply(429, null, null, 0, 0, 0, null, "rate_limit_exceeded");
  }

  /** OpenAI's 500 with its server-error body. */
  public static OpenAiReply serverError() {
    return new OpenAiReply(500, null, null, 0, 0, 0, null, null);
  }

  boolean isError() {
    return status >= 400;
  }
}
