/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.LlmCallExpectation.failed;
import static dev.agentobs.it.LlmCallExpectation.withUsage;
import static dev.agentobs.it.LlmCallExpectation.withoutUsage;
import static dev.agentobs.it.llmstub.OpenAiSdkStub.ANSWER;
import static dev.agentobs.it.llmstub.OpenAiSdkStub.CHAT_CACHED_TOKENS;
import static dev.agentobs.it.llmstub.OpenAiSdkStub.CHAT_COMPLETION_TOKENS;
import static dev.agentobs.it.llmstub.OpenAiSdkStub.CHAT_PROMPT_TOKENS;
import static dev.agentobs.it.llmstub.OpenAiSdkStub.RESPONSES_CACHED_TOKENS;
import static dev.agentobs.it.llmstub.OpenAiSdkStub.RESPONSES_INPUT_TOKENS;
import static dev.agentobs.it.llmstub.OpenAiSdkStub.RESPONSES_OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.it.llmstub.OpenAiSdkStub;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official OpenAI Java SDK, called by a program of ours ({@code probes/OpenAiSdkCalls.java})
 * against a stub speaking OpenAI's wire format: chat completions blocking, asynchronous, through
 * {@code withRawResponse()}, streamed with and without usage, streamed asynchronously; responses
 * blocking, asynchronous, streamed and streamed asynchronously; a call the SDK retried; a 429 and
 * an asynchronous 500. Each is one call, reported with the stub's tokens and its cost from the
 * default price table.
 */
class OpenAiSdkIT {

  private static final String AGENT = "openai-probe";
  private static final long[] CHAT =
      {CHAT_PROMPT_TOKENS, CHAT_COMPLETION_TOKENS, CHAT_CACHED_TOKENS, -1};
  private static final long[] RESPONSES =
      {RESPONSES_INPUT_TOKENS, RESPONSES_OUTPUT_TOKENS, RESPONSES_CACHED_TOKENS, -1};

  /**
   * USD per million tokens (input/output/cached input) in the default table: gpt-4o 2.50/10/1.25,
   * gpt-4o-mini 0.15/0.60/0.075, gpt-4.1 2/8/0.50. Uncached input is input minus cached.
   */
  private static final double GPT_4O_CHAT = (200 * 2.50 + 1000 * 1.25 + 300 * 10.00) / 1e6;
  private static final double GPT_4O_MINI_CHAT = (200 * 0.15 + 1000 * 0.075 + 300 * 0.60) / 1e6;
  private static final double GPT_41_CHAT = (200 * 2.00 + 1000 * 0.50 + 300 * 8.00) / 1e6;
  private static final double GPT_41_RESPONSES = (500 * 2.00 + 1500 * 0.50 + 500 * 8.00) / 1e6;
  private static final double GPT_4O_RESPONSES = (500 * 2.50 + 1500 * 1.25 + 500 * 10.00) / 1e6;
  private static final double GPT_4O_MINI_RESPONSES =
      (500 * 0.15 + 1500 * 0.075 + 500 * 0.60) / 1e6;

  private static final List<LlmCallExpectation> CALLS =
      List.of(
          withUsage("chat-sync", AGENT, "openai", "gpt-4o", "chatcmpl-stub-", "stop", CHAT,
              GPT_4O_CHAT),
          withUsage("chat-async", AGENT, "openai", "gpt-4o-mini", "chatcmpl-stub-", "stop", CHAT,
              GPT_4O_MINI_CHAT),
          // the raw response's body is the application's to read: counted, its usage not read
          withoutUsage("chat-raw", AGENT, "openai", "gpt-4o", null, null),
          withUsage("chat-stream", AGENT, "openai", "gpt-4.1", "chatcmpl-stub-", "stop", CHAT,
              GPT_41_CHAT),
          withoutUsage("chat-stream-no-usage", AGENT, "openai", "gpt-4o", "chatcmpl-stub-",
              "stop"),
          withUsage("chat-stream-async", AGENT, "openai", "gpt-4o-mini", "chatcmpl-stub-", "stop",
              CHAT, GPT_4O_MINI_CHAT),
          withUsage("responses-sync", AGENT, "openai", "gpt-4.1", "resp_stub_", "completed",
              RESPONSES, GPT_41_RESPONSES),
          withUsage("responses-async", AGENT, "openai", "gpt-4o", "resp_stub_", "completed",
              RESPONSES, GPT_4O_RESPONSES),
          withUsage("responses-stream", AGENT, "openai", "gpt-4.1", "resp_stub_", "completed",
              RESPONSES, GPT_41_RESPONSES),
          withUsage("responses-stream-async", AGENT, "openai", "gpt-4o-mini", "resp_stub_",
              "completed", RESPONSES, GPT_4O_MINI_RESPONSES),
          // no price for this model: tokens counted, no cost invented
          withUsage("chat-retried", AGENT, "openai", "gpt-4o-flaky", "chatcmpl-stub-", "stop",
              CHAT, null),
          failed("chat-rate-limited", AGENT, "openai", "gpt-4o-429",
              "com.openai.errors.RateLimitException"),
          failed("chat-async-failing", AGENT, "openai", "gpt-4o-500",
              "com.openai.errors.InternalServerException"));

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  @RegisterExtension final OtlpHttpReceiver receiver = OtlpHttpReceiver.forEachTest();
  private OpenAiSdkStub stub;

  @BeforeEach
  void start() throws IOException {
    stub = new OpenAiSdkStub();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void everyCallIsReportedOnceWithTheStubsUsageAndItsCost() {
    try (LlmProbeRun run =
        LlmProbeRun.start(output, receiver, "OpenAiSdkCalls.java", stub.baseUrl(),
            CALLS.size(), "llm.capture.content", "true")) {
      for (LlmCallExpectation call : CALLS) {
        call.check(run);
      }
      LlmCallExpectation.checkMetrics(run.metrics(), CALLS);

      // what the application got passed through unchanged
      assertThat(run.outcome("chat-sync")).endsWith(" " + ANSWER);
      // content, opted in: on the spans, never in the log
      for (String phase : List.of("chat-sync", "responses-sync")) {
        ReceivedSpan span = run.llmSpan(phase);
        assertThat((String) span.attribute("gen_ai.input.messages"))
            .as("%s input", phase)
            .contains("\"role\":\"user\"", "Say hello");
        assertThat((String) span.attribute("gen_ai.output.messages"))
            .as("%s output", phase)
            .contains("\"role\":\"assistant\"", ANSWER);
      }
      assertThat(run.stdout()).doesNotContain("Say hello");
      assertThat(run.outcome("chat-raw")).isEqualTo("200 " + ANSWER);
      for (String streamed : List.of("chat-stream", "chat-stream-no-usage", "chat-stream-async",
          "responses-stream", "responses-stream-async")) {
        assertThat(run.outcome(streamed)).as(streamed).isEqualTo(ANSWER);
      }
      assertThat(run.outcome("responses-sync")).endsWith(" completed");
      // the retried call was two requests to the stub, one call to the agent
      assertThat(requestsFor("gpt-4o-flaky")).isEqualTo(2);
      assertThat(requestsFor("gpt-4o-429")).isEqualTo(1);
    }
  }

  private long requestsFor(String model) {
    return stub.requests().stream()
        .map(r -> r.path("model").asText())
        .filter(model::equals)
        .count();
  }
}
