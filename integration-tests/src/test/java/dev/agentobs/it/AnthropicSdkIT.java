/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.LlmCallExpectation.failed;
import static dev.agentobs.it.LlmCallExpectation.withUsage;
import static dev.agentobs.it.LlmCallExpectation.withoutUsage;
import static dev.agentobs.it.llmstub.AnthropicStub.ANSWER;
import static dev.agentobs.it.llmstub.AnthropicStub.CACHE_CREATION_TOKENS;
import static dev.agentobs.it.llmstub.AnthropicStub.CACHE_READ_TOKENS;
import static dev.agentobs.it.llmstub.AnthropicStub.INPUT_TOKENS;
import static dev.agentobs.it.llmstub.AnthropicStub.OUTPUT_TOKENS;
import static dev.agentobs.it.llmstub.AnthropicStub.STOP_REASON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.it.llmstub.AnthropicStub;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Anthropic Java SDK, called by a program of ours ({@code
 * probes/AnthropicSdkCalls.java}) against a stub speaking Anthropic's wire format: messages
 * blocking, asynchronous, through {@code withRawResponse()}, streamed and streamed asynchronously;
 * a call the SDK retried; a 429 and an asynchronous 500. Each is one call, with the stub's tokens,
 * prompt-cache reads and writes included, and its cost from the default price table.
 */
class AnthropicSdkIT {

  private static final String AGENT = "anthropic-probe";
  /** The GenAI input count includes the cache reads and writes Anthropic counts apart. */
  private static final long[] USAGE = {
    INPUT_TOKENS + CACHE_READ_TOKENS + CACHE_CREATION_TOKENS,
    OUTPUT_TOKENS,
    CACHE_READ_TOKENS,
    CACHE_CREATION_TOKENS
  };

  /**
   * USD per million tokens (input/output/cache read/cache write) in the default table:
   * claude-sonnet-4-5 3/15/0.30/3.75, claude-haiku-4-5 1/5/0.10/1.25, claude-opus-4-1
   * 15/75/1.50/18.75; 100 uncached input, 250 output, 2000 read from and 500 written to the cache.
   */
  private static final double SONNET = (100 * 3.0 + 250 * 15.0 + 2000 * 0.30 + 500 * 3.75) / 1e6;
  private static final double HAIKU = (100 * 1.0 + 250 * 5.0 + 2000 * 0.10 + 500 * 1.25) / 1e6;
  private static final double OPUS = (100 * 15.0 + 250 * 75.0 + 2000 * 1.50 + 500 * 18.75) / 1e6;

  private static final List<LlmCallExpectation> CALLS =
      List.of(
          withUsage("messages-sync", AGENT, "anthropic", "claude-sonnet-4-5", "msg_stub_",
              STOP_REASON, USAGE, SONNET),
          withUsage("messages-async", AGENT, "anthropic", "claude-haiku-4-5", "msg_stub_",
              STOP_REASON, USAGE, HAIKU),
          // the raw response's body is the application's to read: counted, its usage not read
          withoutUsage("messages-raw", AGENT, "anthropic", "claude-sonnet-4-5", null, null),
          withUsage("messages-stream", AGENT, "anthropic", "claude-opus-4-1", "msg_stub_",
              STOP_REASON, USAGE, OPUS),
          withUsage("messages-stream-async", AGENT, "anthropic", "claude-sonnet-4-5", "msg_stub_",
              STOP_REASON, USAGE, SONNET),
          // no price for this model: tokens counted, no cost invented
          withUsage("messages-retried", AGENT, "anthropic", "claude-sonnet-4-5-flaky",
              "msg_stub_", STOP_REASON, USAGE, null),
          failed("messages-rate-limited", AGENT, "anthropic", "claude-haiku-4-5-429",
              "com.anthropic.errors.RateLimitException"),
          failed("messages-async-failing", AGENT, "anthropic", "claude-sonnet-4-5-500",
              "com.anthropic.errors.InternalServerException"));

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  @RegisterExtension final OtlpHttpReceiver receiver = OtlpHttpReceiver.forEachTest();
  private AnthropicStub stub;

  @BeforeEach
  void start() throws IOException {
    stub = new AnthropicStub();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void everyCallIsReportedOnceWithTheStubsUsageAndItsCost() {
    try (LlmProbeRun run =
        LlmProbeRun.start(output, receiver, "AnthropicSdkCalls.java", stub.baseUrl(),
            CALLS.size(), "llm.capture.content", "true")) {
      for (LlmCallExpectation call : CALLS) {
        call.check(run);
      }
      LlmCallExpectation.checkMetrics(run.metrics(), CALLS);

      // what the application got passed through unchanged
      assertThat(run.outcome("messages-sync")).endsWith(" " + STOP_REASON + " " + ANSWER);
      // content, opted in: on the span, never in the log
      ReceivedSpan span = run.llmSpan("messages-sync");
      assertThat((String) span.attribute("gen_ai.input.messages"))
          .contains("\"role\":\"user\"", "Say hello");
      assertThat((String) span.attribute("gen_ai.output.messages"))
          .contains("\"role\":\"assistant\"", ANSWER, STOP_REASON);
      assertThat(run.stdout()).doesNotContain("Say hello");
      assertThat(run.outcome("messages-raw")).startsWith("200 msg_stub_").endsWith(ANSWER);
      assertThat(run.outcome("messages-stream")).isEqualTo(ANSWER);
      assertThat(run.outcome("messages-stream-async")).isEqualTo(ANSWER);
      // the retried call was two requests to the stub, one call to the agent
      assertThat(requestsFor("claude-sonnet-4-5-flaky")).isEqualTo(2);
      assertThat(requestsFor("claude-haiku-4-5-429")).isEqualTo(1);
    }
  }

  private long requestsFor(String model) {
    return stub.requests().stream()
        .map(r -> r.path("model").asText())
        .filter(model::equals)
        .count();
  }
}
