/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static dev.agentobs.it.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What one LLM call of a probe (in its own top-level phase) must have produced: its {@code
 * llm_call} log line, the roll-ups on its phase's and task's closing lines, and its {@code chat
 * {model}} CLIENT span under the phase's span; and, summed over all calls, the metrics. Token
 * counts are the stub's, costs those of the agent's default price table, computed by hand.
 *
 * @param input the GenAI input count (cached tokens included), -1 when the call reports no usage
 * @param cacheCreation -1 when the provider does not report it
 * @param costUsd {@code null} for a call that has no cost (no usage, or a model with no price)
 * @param errorType the exception class for a failed call, else {@code null}
 */
record LlmCallExpectation(
    String phase,
    String agentType,
    String provider,
    String model,
    String idPrefix,
    String finishReason,
    long input,
    long output,
    long cacheRead,
    long cacheCreation,
    Double costUsd,
    String errorType) {

  /** A precision far below a cent: the costs are exact sums of list prices. */
  private static final double EXACT = 1e-12;

  static LlmCallExpectation withUsage(
      String phase,
      String agentType,
      String provider,
      String model,
      String idPrefix,
      String finishReason,
      long[] usage,
      Double costUsd) {
    return new LlmCallExpectation(phase, agentType, provider, model, idPrefix, finishReason,
        usage[0], usage[1], usage[2], usage[3], costUsd, null);
  }

  /** A call whose usage the agent does not see: a stream without it, a raw response. */
  static LlmCallExpectation withoutUsage(
      String phase, String agentType, String provider, String model, String idPrefix,
      String finishReason) {
    return new LlmCallExpectation(phase, agentType, provider, model, idPrefix, finishReason,
        -1, -1, -1, -1, null, null);
  }

  static LlmCallExpectation failed(
      String phase, String agentType, String provider, String model, String errorType) {
    return new LlmCallExpectation(phase, agentType, provider, model, null, null,
        -1, -1, -1, -1, null, errorType);
  }

  boolean hasUsage() {
    return input >= 0;
  }

  /** Checks the call's log lines and span in {@code run}. */
  void check(LlmProbeRun run) {
    List<ObjectNode> lines = run.task(phase);
    String outcome = run.outcome(phase);
    if (errorType != null) {
      assertThat(outcome).as("what the app got").startsWith("threw " + errorType + ": ");
    } else {
      assertThat(outcome).as("what the app got").doesNotStartWith("threw");
    }
    assertThat(lines)
        .extracting(l -> text(l, "event"))
        .as("events of the %s task", phase)
        .containsExactly(
            "task_start",
            "llm_call",
            errorType == null ? "phase_complete" : "phase_error",
            errorType == null ? "task_complete" : "task_error");
    ObjectNode call = lines.get(1);
    assertThat(text(call, "provider")).isEqualTo(provider);
    assertThat(text(call, "operation")).isEqualTo("chat");
    assertThat(text(call, "model")).isEqualTo(model);
    assertThat(text(call, "request_model")).isEqualTo(model);
    assertThat(text(call, "finish_reasons")).as("finish_reasons").isEqualTo(finishReason);
    assertThat(text(call, "error_type")).as("error_type").isEqualTo(errorType);
    String responseId = text(call, "response_id");
    if (idPrefix == null) {
      assertThat(responseId).as("response_id").isNull();
    } else {
      assertThat(responseId).as("response_id").startsWith(idPrefix);
      String shown = outcome.split(" ")[0];
      if (shown.startsWith(idPrefix)) {
        assertThat(responseId).as("the id the app got").isEqualTo(shown);
      }
    }
    assertCount(call, "input_tokens", input);
    assertCount(call, "output_tokens", output);
    assertCount(call, "cache_read_tokens", cacheRead);
    assertCount(call, "cache_creation_tokens", cacheCreation);
    if (costUsd == null) {
      assertThat(call.path("cost_usd").asDouble(0)).as("cost_usd").isZero();
    } else {
      assertThat(call.path("cost_usd").asDouble()).as("cost_usd").isCloseTo(costUsd, within(EXACT));
    }
    // a failed phase's line carries no roll-up (phase_complete does); a failed task's does
    for (ObjectNode rollUp :
        errorType == null ? List.of(lines.get(2), lines.get(3)) : List.of(lines.get(3))) {
      String what = text(rollUp, "event") + " of " + phase;
      assertThat(rollUp.path("llm_calls").asLong()).as("llm_calls of %s", what).isEqualTo(1);
      assertThat(rollUp.path("input_tokens").asLong()).as(what).isEqualTo(Math.max(input, 0));
      assertThat(rollUp.path("output_tokens").asLong()).as(what).isEqualTo(Math.max(output, 0));
      assertThat(rollUp.path("cache_read_tokens").asLong()).as(what)
          .isEqualTo(Math.max(cacheRead, 0));
      assertThat(rollUp.path("cache_creation_tokens").asLong()).as(what)
          .isEqualTo(Math.max(cacheCreation, 0));
      assertThat(rollUp.path("cost_usd").asDouble()).as("cost_usd of %s", what)
          .isCloseTo(costUsd == null ? 0 : costUsd, within(EXACT));
    }
    assertThat(lines.get(3).path("tokens_used").asLong()).as("tokens_used")
        .isEqualTo(Math.max(input, 0) + Math.max(output, 0));
    checkSpan(run, call);
  }

  private void checkSpan(LlmProbeRun run, ObjectNode call) {
    List<ReceivedSpan> spans = run.spans(phase, 3);
    List<ReceivedSpan> llm =
        spans.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT)
            .collect(Collectors.toList());
    assertThat(llm).as("CLIENT spans of %s in %s", phase, spans).hasSize(1);
    ReceivedSpan span = llm.get(0);
    ReceivedSpan phaseSpan =
        spans.stream().filter(s -> s.name().equals(phase)).findFirst().orElseThrow();
    assertThat(span.name()).isEqualTo("chat " + model);
    assertThat(span.parentSpanId()).as("parent: the phase").isEqualTo(phaseSpan.spanId());
    assertThat(text(call, "span_id")).as("the llm_call line's span").isEqualTo(span.spanId());
    Map<String, Object> a = span.attributes();
    assertThat(a).containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", provider)
        .containsEntry("gen_ai.request.model", model);
    if (errorType != null) {
      assertThat(span.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
      assertThat(a).containsEntry("error.type", errorType);
      assertThat(a).doesNotContainKeys("gen_ai.usage.input_tokens", "gen_ai.response.id");
      return;
    }
    assertThat(span.statusCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(a).doesNotContainKey("error.type");
    if (idPrefix != null) {
      assertThat(a).containsEntry("gen_ai.response.model", model)
          .containsEntry("gen_ai.response.id", text(call, "response_id"));
    }
    if (finishReason != null) {
      assertThat(a).containsEntry("gen_ai.response.finish_reasons", List.of(finishReason));
    }
    assertAttribute(a, "gen_ai.usage.input_tokens", input);
    assertAttribute(a, "gen_ai.usage.output_tokens", output);
    assertAttribute(a, "gen_ai.usage.cache_read.input_tokens", cacheRead);
    assertAttribute(a, "gen_ai.usage.cache_creation.input_tokens", cacheCreation);
  }

  /**
   * Checks the metrics against the calls: per model the call counts by status, the tokens by type
   * (for the calls' agent type), the cost, and the GenAI histograms' counts and sums.
   */
  static void checkMetrics(PrometheusText metrics, List<LlmCallExpectation> calls) {
    for (String model : calls.stream().map(LlmCallExpectation::model).distinct()
        .collect(Collectors.toList())) {
      List<LlmCallExpectation> of =
          calls.stream().filter(c -> c.model().equals(model)).collect(Collectors.toList());
      LlmCallExpectation first = of.get(0);
      for (String status : List.of("ok", "error")) {
        long expected = of.stream().filter(c -> (c.errorType() == null) == status.equals("ok"))
            .count();
        assertThat(metrics.value("agent_llm_calls_total",
                Map.of("model", model, "provider", first.provider(), "status", status)))
            .as("agent_llm_calls_total %s %s", model, status).isEqualTo(expected);
      }
      double cost = of.stream().map(LlmCallExpectation::costUsd).filter(Objects::nonNull)
          .mapToDouble(Double::doubleValue).sum();
      assertThat(metrics.value("agent_llm_cost_usd_total", Map.of("model", model)))
          .as("agent_llm_cost_usd_total %s", model).isCloseTo(cost, within(EXACT));
      long withUsage = of.stream().filter(LlmCallExpectation::hasUsage).count();
      long unpriced = of.stream().filter(c -> c.hasUsage() && c.costUsd() == null).count();
      assertThat(metrics.value("agent_llm_unpriced_calls_total", Map.of("model", model)))
          .as("agent_llm_unpriced_calls_total %s", model).isEqualTo(unpriced);
      // the token types are disjoint: "input" is the part not read from or written to the cache
      Map<String, Long> tokens = Map.of(
          "input", of.stream().mapToLong(LlmCallExpectation::uncachedInput).sum(),
          "output", of.stream().mapToLong(c -> Math.max(c.output(), 0)).sum(),
          "cache_read", of.stream().mapToLong(c -> Math.max(c.cacheRead(), 0)).sum(),
          "cache_creation", of.stream().mapToLong(c -> Math.max(c.cacheCreation(), 0)).sum());
      tokens.forEach((type, sum) ->
          assertThat(metrics.value("agent_tokens_used_total",
                  Map.of("model", model, "agent_type", first.agentType(), "token_type", type)))
              .as("agent_tokens_used_total %s %s", model, type).isEqualTo((double) sum));
      for (String type : List.of("input", "output")) {
        Map<String, String> labels = Map.of("gen_ai_provider_name", first.provider(),
            "gen_ai_request_model", model, "gen_ai_token_type", type);
        assertThat(metrics.value("gen_ai_client_token_usage_count", labels))
            .as("gen_ai_client_token_usage_count %s %s", model, type).isEqualTo(withUsage);
        long sum =
            type.equals("input")
                ? of.stream().mapToLong(c -> Math.max(c.input(), 0)).sum()
                : tokens.get(type);
        assertThat(metrics.value("gen_ai_client_token_usage_sum", labels))
            .as("gen_ai_client_token_usage_sum %s %s", model, type)
            .isEqualTo((double) sum);
      }
      assertThat(metrics.sum("gen_ai_client_operation_duration_seconds_count",
              Map.of("gen_ai_provider_name", first.provider(), "gen_ai_request_model", model)))
          .as("gen_ai_client_operation_duration_seconds_count %s", model).isEqualTo(of.size());
    }
  }

  /** The input tokens neither read from nor written to the prompt cache. */
  private long uncachedInput() {
    return hasUsage() ? input - Math.max(cacheRead, 0) - Math.max(cacheCreation, 0) : 0;
  }

  private static void assertCount(ObjectNode line, String field, long expected) {
    if (expected < 0) {
      assertThat(line.has(field)).as("%s in %s", field, line).isFalse();
    } else {
      assertThat(line.path(field).asLong(-1)).as("%s in %s", field, line).isEqualTo(expected);
    }
  }

  private static void assertAttribute(Map<String, Object> attributes, String key, long expected) {
    if (expected < 0) {
      assertThat(attributes).doesNotContainKey(key);
    } else {
      assertThat(attributes).containsEntry(key, expected);
    }
  }
}
