/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.openai;

import dev.agentobs.agent.instrumentation.stainless.StainlessInstrumentation;
import java.util.List;

/**
 * Observes the official OpenAI Java SDK ({@code com.openai:openai-java}): chat completions and
 * responses, blocking and asynchronous, whole and streamed (see {@link StainlessInstrumentation}
 * for where it hooks).
 */
public final class OpenAiInstrumentation extends StainlessInstrumentation {

  static final String NAME = "openai";

  public OpenAiInstrumentation() {
    super(
        NAME,
        "an LLM call per OpenAI Java SDK chat completion or response, blocking, async or streamed",
        "com.openai",
        List.of(
            "com.openai.services.blocking.chat.ChatCompletionServiceImpl",
            "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl",
            "com.openai.services.blocking.ResponseServiceImpl",
            "com.openai.services.async.ResponseServiceAsyncImpl"),
        List.of(
            "com.openai.models.chat.completions.ChatCompletionCreateParams",
            "com.openai.models.responses.ResponseCreateParams"));
  }
}
