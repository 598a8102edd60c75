/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.Observer.PhaseScope;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.observation.TokenUsage;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmMetricsTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SelfStats stats = new SelfStats();

  @Test
  void llmCallsCountTokensCostAndTheGenAiHistogramsOnce() throws IOException {
    Observer observer = new Observer(List.of(new AgentMetrics(registry, stats, 100, 2)), stats);
    TaskObservation task =
        observer.startTask(TaskObservation.httpServer("r", "POST", "/t", "/t", null, null, null));
    PhaseScope phase = observer.startPhase("planning", "planner", "a.P", "a.P.plan");
    call(observer, "gpt-4o", 1200, 300, 1024, null);
    // what the phase returned repeats its call's usage: counted once, from the call
    observer.endPhase(phase, null, new TokenUsage("gpt-4o", 1200, 300, -1));
    call(observer, "gpt-4o", -1, -1, -1, new IllegalStateException("429"));
    call(observer, "mystery", 10, 10, -1, null);
    call(observer, "gpt-4o-mini", 100, 100, -1, null); // a third model: over the limit of 2
    observer.endTask(task, 200, null);

    String text = scrape();
    assertThat(text)
        .contains("agent_tokens_used_total{agent_type=\"planner\",model=\"gpt-4o\",token_type=\"input\"} 176.0")
        .contains("agent_tokens_used_total{agent_type=\"planner\",model=\"gpt-4o\",token_type=\"output\"} 300.0")
        .contains("agent_tokens_used_total{agent_type=\"planner\",model=\"gpt-4o\",token_type=\"cache_read\"} 1024.0")
        .contains("agent_tokens_used_total{agent_type=\"default\",model=\"mystery\",token_type=\"input\"} 10.0")
        .contains("agent_llm_calls_total{model=\"gpt-4o\",provider=\"openai\",status=\"ok\"} 1.0")
        .contains("agent_llm_calls_total{model=\"gpt-4o\",provider=\"openai\",status=\"error\"} 1.0")
        .contains("agent_llm_calls_total{model=\"other\",provider=\"openai\",status=\"ok\"} 1.0")
        .contains("agent_llm_cost_usd_total{model=\"gpt-4o\"} 0.00472")
        .contains("agent_llm_unpriced_calls_total{model=\"mystery\"} 1.0")
        .contains("gen_ai_client_token_usage_bucket{gen_ai_operation_name=\"chat\","
            + "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\","
            + "gen_ai_token_type=\"input\",le=\"4096.0\"} 1")
        .contains("gen_ai_client_token_usage_bucket{gen_ai_operation_name=\"chat\","
            + "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\","
            + "gen_ai_token_type=\"input\",le=\"1024.0\"} 0")
        .contains("gen_ai_client_operation_duration_seconds_count{error_type=\"\","
            + "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
            + "gen_ai_request_model=\"gpt-4o\"} 1")
        .contains("gen_ai_client_operation_duration_seconds_count{"
            + "error_type=\"java.lang.IllegalStateException\",gen_ai_operation_name=\"chat\","
            + "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\"} 1")
        .contains("le=\"81.92\"")
        .doesNotContain("token_type=\"total\"");
    // the input series is the uncached input: summing every type counts each token once
    assertThat(text).contains("agent_tokens_used_total{agent_type=\"default\",model=\"other\","
        + "token_type=\"input\"} 100.0");
    assertThat(stats.labelOverflows()).isEqualTo(2); // the third model's two label uses
  }

  private static void call(
      Observer observer, String model, long in, long out, long cacheRead, Throwable thrown) {
    LlmCallObservation call = observer.newLlmCall();
    call.setRequest("chat", "openai", model);
    observer.startLlmCall(call);
    call.setUsage(in, out, cacheRead, -1);
    observer.endLlmCall(call, thrown);
    observer.leaveLlmCall(call);
  }

  private String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
