/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentobs.it.llmstub.OpenAiReply;
import dev.agentobs.it.llmstub.OpenAiStub;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j's real OpenAI chat models ({@code ChatModel} and {@code StreamingChatModel}), called
 * by a program of ours with no observability code, against a local stub speaking OpenAI's wire
 * format: each call is one LLM call in spans, metrics and logs, with the usage the stub returned,
 * cache tokens, cost to the cent, and the provider's errors.
 */
class LangChain4jIT {

  @RegisterExtension final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();

  @RegisterExtension final OtlpHttpReceiver receiver = OtlpHttpReceiver.forEachTest();
  private OpenAiStub stub;

  @BeforeEach
  void start() throws IOException {
    stub = OpenAiStub.start();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void chatStreamingAndProviderErrorsAreEachOneLlmCallWithTheStubsUsageAndCost() {
    int metricsPort = FreePorts.next();
    try (SourceProbe probe = calls(metricsPort, false)) {
      assertThat(probe.stderrLines()).as(probe.describe())
          .contains("answer: Hello there!", "streamed: Streamed words",
              "limited: RateLimitException", "broken: InternalServerException");
      assertThat(stub.requests()).as("one provider request per call: no retry, no double")
          .hasSize(4);
      assertThat(stub.requests().get(1).path("stream").asBoolean()).isTrue();

      List<ObjectNode> calls =
          Await.pollUntil(
              Duration.ofSeconds(10),
              () -> events(probe, "llm_call"),
              found -> found.size() >= 4);
      assertThat(calls).hasSize(4);
      ObjectNode first = calls.get(0);
      assertThat(text(first, "model")).isEqualTo("gpt-4o-2024-08-06");
      assertThat(text(first, "request_model")).isEqualTo("gpt-4o");
      assertThat(text(first, "provider")).isEqualTo("openai");
      assertThat(text(first, "response_id")).isEqualTo("chatcmpl-stub1");
      assertThat(text(first, "finish_reasons")).isEqualTo("stop");
      assertThat(calls.get(0).path("input_tokens").asLong()).isEqualTo(1200);
      assertThat(calls.get(0).path("output_tokens").asLong()).isEqualTo(300);
      assertThat(calls.get(0).path("cache_read_tokens").asLong()).isEqualTo(1024);
      // 176 uncached x $2.50/M + 1,024 cached x $1.25/M + 300 x $10/M
      assertThat(calls.get(0).path("cost_usd").decimalValue()).isEqualByComparingTo("0.00472");
      assertThat(calls.get(1).path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(calls.get(1).path("input_tokens").asLong()).isEqualTo(2000);
      assertThat(calls.get(1).path("cache_read_tokens").asLong()).isEqualTo(1000);
      // 1,000 x $0.15/M + 1,000 cached x $0.075/M + 400 x $0.60/M
      assertThat(calls.get(1).path("cost_usd").decimalValue()).isEqualByComparingTo("0.000465");
      assertThat(text(calls.get(2), "error_type"))
          .isEqualTo("dev.langchain4j.exception.RateLimitException");
      assertThat(calls.get(2).has("input_tokens")).isFalse();
      assertThat(text(calls.get(3), "error_type"))
          .isEqualTo("dev.langchain4j.exception.InternalServerException");

      ObjectNode answerPhase = phase(probe, "answer");
      assertThat(answerPhase.path("llm_calls").asLong()).isEqualTo(1);
      assertThat(answerPhase.path("tokens_used").asLong()).isEqualTo(1500);
      assertThat(answerPhase.path("cost_usd").decimalValue()).isEqualByComparingTo("0.00472");
      ObjectNode streamTask = task(probe, text(phase(probe, "stream"), "request_id"));
      assertThat(streamTask.path("llm_calls").asLong()).isEqualTo(1);
      assertThat(streamTask.path("input_tokens").asLong()).isEqualTo(2000);
      assertThat(streamTask.path("output_tokens").asLong()).isEqualTo(400);
      assertThat(streamTask.path("cache_read_tokens").asLong()).isEqualTo(1000);
      assertThat(streamTask.path("cost_usd").decimalValue()).isEqualByComparingTo("0.000465");

      List<ReceivedSpan> llmSpans = llmSpans();
      assertThat(llmSpans).extracting(ReceivedSpan::name)
          .containsExactlyInAnyOrder("chat gpt-4o", "chat gpt-4o-mini", "chat gpt-4o",
              "chat gpt-4o-mini");
      ReceivedSpan answer = spanWithResponseId(llmSpans, "chatcmpl-stub1");
      assertThat(answer.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(answer.attributes())
          .containsEntry("gen_ai.provider.name", "openai")
          .containsEntry("gen_ai.request.model", "gpt-4o")
          .containsEntry("gen_ai.response.model", "gpt-4o-2024-08-06")
          .containsEntry("gen_ai.response.finish_reasons", List.of("stop"))
          .containsEntry("gen_ai.usage.input_tokens", 1200L)
          .containsEntry("gen_ai.usage.output_tokens", 300L)
          .containsEntry("gen_ai.usage.cache_read.input_tokens", 1024L);
      assertThat(llmSpans).as("no content captured by default")
          .allSatisfy(s -> assertThat(s.attributes())
              .doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages"));
      assertThat(probe.stdoutLines()).noneMatch(l -> l.contains("Say hello"));
      ReceivedSpan answerPhaseSpan =
          receiver.spans(s -> s.name().equals("answer")).get(0);
      assertThat(answer.parentSpanId()).isEqualTo(answerPhaseSpan.spanId());
      List<ReceivedSpan> httpUnderLlm =
          Await.pollUntil(
              Duration.ofSeconds(10),
              () -> receiver.spans(s -> s.name().equals("POST")
                  && s.parentSpanId().equals(answer.spanId())),
              found -> !found.isEmpty());
      assertThat(httpUnderLlm).as("the client's HTTP call is the LLM span's child").hasSize(1);
      List<ReceivedSpan> failed =
          llmSpans.stream()
              .filter(s -> s.statusCode() == Status.StatusCode.STATUS_CODE_ERROR)
              .collect(Collectors.toList());
      assertThat(failed).extracting(s -> s.attribute("error.type"))
          .containsExactlyInAnyOrder("dev.langchain4j.exception.RateLimitException",
              "dev.langchain4j.exception.InternalServerException");

      PrometheusText metrics =
          Await.pollUntil(
              Duration.ofSeconds(15),
              () -> PipelineReport.scrape(metricsPort),
              m -> m != null && m.has("agent_llm_calls_total"));
      assertThat(metrics.value("agent_llm_calls_total",
              Map.of("model", "gpt-4o-2024-08-06", "provider", "openai", "status", "ok")))
          .isEqualTo(1);
      assertThat(metrics.value("agent_llm_calls_total",
              Map.of("model", "gpt-4o", "provider", "openai", "status", "error")))
          .isEqualTo(1);
      assertThat(metrics.value("agent_llm_calls_total",
              Map.of("model", "gpt-4o-mini", "provider", "openai", "status", "error")))
          .isEqualTo(1);
      assertThat(metrics.sum("agent_llm_cost_usd_total", Map.of()))
          .isCloseTo(0.00472 + 0.000465, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(metrics.value("agent_tokens_used_total",
              Map.of("model", "gpt-4o-2024-08-06", "agent_type", "writer", "token_type", "input")))
          .as("the uncached input: 1,200 - 1,024 read from the cache")
          .isEqualTo(176);
      assertThat(metrics.sum("agent_tokens_used_total", Map.of()))
          .as("every token type summed: each token once")
          .isEqualTo(1200 + 300 + 2000 + 400);
      assertThat(metrics.value("agent_tokens_used_total",
              Map.of("model", "gpt-4o-mini-2024-07-18", "agent_type", "streamer",
                  "token_type", "cache_read")))
          .isEqualTo(1000);
      assertThat(metrics.sum("agent_tokens_used_total", Map.of("token_type", "output")))
          .as("tokens counted once, from the calls").isEqualTo(700);
      assertThat(metrics.sum("gen_ai_client_operation_duration_seconds_count", Map.of()))
          .isEqualTo(4);
      assertThat(metrics.value("gen_ai_client_token_usage_count",
              Map.of("gen_ai_operation_name", "chat", "gen_ai_provider_name", "openai",
                  "gen_ai_request_model", "gpt-4o-mini", "gen_ai_token_type", "input")))
          .isEqualTo(1);
    }
  }

  @Test
  void withContentCaptureTheLlmSpansCarryThePromptAndTheAnswerButNoLogLineDoes() {
    try (SourceProbe probe = calls(FreePorts.next(), true)) {
      List<ReceivedSpan> llmSpans = llmSpans();
      ReceivedSpan answer = spanWithResponseId(llmSpans, "chatcmpl-stub1");
      assertThat(answer.attribute("gen_ai.input.messages")).isEqualTo(
          "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Say hello\"}]}]");
      assertThat(answer.attribute("gen_ai.output.messages")).isEqualTo(
          "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
              + "\"Hello there!\"}],\"finish_reason\":\"stop\"}]");
      ReceivedSpan streamed = spanWithPrompt(llmSpans, "Stream it");
      assertThat(streamed.attribute("gen_ai.output.messages").toString())
          .contains("\"content\":\"Streamed words\"");
      ReceivedSpan limited = spanWithPrompt(llmSpans, "One more, please");
      assertThat(limited.attributes()).as("a failed call has no answer")
          .doesNotContainKey("gen_ai.output.messages");
      assertThat(events(probe, "llm_call")).hasSize(4);
      assertThat(probe.stdoutLines()).as("content goes on spans only, never in log lines")
          .noneMatch(l -> l.contains("Say hello") || l.contains("Hello there!")
              || l.contains("Stream it") || l.contains("Streamed words"));
    }
  }

  /**
   * LangChain4jCalls under the agent, once it made its four calls: the stub answers a chat, a
   * streamed chat, a 429 and a 500.
   */
  private SourceProbe calls(int metricsPort, boolean captureContent) {
    stub.enqueue(OpenAiReply.completion("gpt-4o-2024-08-06", "Hello there!", 1200, 300, 1024))
        .enqueue(OpenAiReply.completion("gpt-4o-mini-2024-07-18", "Streamed words", 2000, 400, 1000))
        .enqueue(OpenAiReply.rateLimited())
        .enqueue(OpenAiReply.serverError());
    SourceProbe.Builder builder =
        SourceProbe.builder("LangChain4jCalls.java")
            .agentArg("metrics.port", Integer.toString(metricsPort))
            .agentArg("metrics.start.delay.ms", "0")
            .agentArg("log.phase.level", "info");
    if (captureContent) {
      builder.agentArg("llm.capture.content", "true");
    }
    SourceProbe probe =
        output.watch(
            builder
                .jvmOption("-cp", classPath())
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_BSP_SCHEDULE_DELAY", "200")
                .args(stub.baseUrl())
                .start());
    try {
      Await.pollUntil(
          Duration.ofSeconds(90), probe::stderrLines, lines -> lines.contains("llm calls done"));
      return probe;
    } catch (RuntimeException | Error e) {
      probe.close();
      throw e;
    }
  }

  private List<ReceivedSpan> llmSpans() {
    return Await.pollUntil(
        Duration.ofSeconds(10),
        () -> receiver.spans(s -> s.attributes().containsKey("gen_ai.operation.name")),
        found -> found.size() >= 4);
  }

  private static ReceivedSpan spanWithResponseId(List<ReceivedSpan> spans, String id) {
    return spans.stream()
        .filter(s -> id.equals(s.attribute("gen_ai.response.id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span with response id " + id + ": " + spans));
  }

  private static ReceivedSpan spanWithPrompt(List<ReceivedSpan> spans, String prompt) {
    return spans.stream()
        .filter(s -> String.valueOf(s.attribute("gen_ai.input.messages"))
            .contains("\"content\":\"" + prompt + "\""))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span with prompt " + prompt + ": " + spans));
  }

  private static List<ObjectNode> events(SourceProbe probe, String event) {
    return JsonLines.parseLenient(probe.stdoutLines()).all().stream()
        .filter(l -> JsonLines.hasEvent(l, event))
        .collect(Collectors.toList());
  }

  private static ObjectNode phase(SourceProbe probe, String name) {
    return events(probe, "phase_complete").stream()
        .filter(l -> name.equals(text(l, "phase")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no phase_complete for " + name));
  }

  private static ObjectNode task(SourceProbe probe, String requestId) {
    return Await.pollUntil(
        Duration.ofSeconds(10),
        () -> events(probe, "task_complete").stream()
            .filter(l -> requestId.equals(text(l, "request_id")))
            .findFirst()
            .orElse(null),
        found -> found != null);
  }

  /** LangChain4j's OpenAI models and what they need at run time, as this build resolved them. */
  static String classPath() {
    return ProbeClassPath.of(
        dev.langchain4j.model.openai.OpenAiChatModel.class,
        dev.langchain4j.model.chat.ChatModel.class,
        dev.langchain4j.http.client.HttpClient.class,
        dev.langchain4j.http.client.jdk.JdkHttpClient.class,
        com.fasterxml.jackson.databind.ObjectMapper.class,
        com.fasterxml.jackson.core.JsonFactory.class,
        com.fasterxml.jackson.annotation.JsonProperty.class,
        com.knuddels.jtokkit.Encodings.class,
        org.slf4j.LoggerFactory.class);
  }
}
