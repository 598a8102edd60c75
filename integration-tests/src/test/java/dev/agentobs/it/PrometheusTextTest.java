/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final String EXPOSITION =
      String.join(
          "\n",
          "# HELP agent_requests_total Requests.",
          "# TYPE agent_requests_total counter",
          "agent_requests_total{endpoint=\"/api/v1/task\",method=\"POST\",status=\"200\"} 6.0",
          "agent_requests_total{endpoint=\"/api/v1/task\",method=\"POST\",status=\"500\"} 1.0",
          "agent_requests_total{endpoint=\"/health\",method=\"GET\",status=\"200\"} 2.0",
          "agent_active_requests 0.0",
          "odd{msg=\"say \\\"hi\\\", a\\\\b\\nc\",x=\"}\"} 3 1712345678000",
          "h_bucket{le=\"1.0\"} 4 # {trace_id=\"abc\"} 0.7 1712345678.000",
          "h_bucket{le=\"+Inf\"} 5",
          "");

  private final PrometheusText text = PrometheusText.parse(EXPOSITION);

  @Test
  void valueSelectsTheSingleSampleContainingTheLabels() {
    assertThat(text.value("agent_requests_total", Map.of("status", "500"))).isEqualTo(1.0);
    assertThat(text.value("agent_active_requests", Map.of())).isEqualTo(0.0);
  }

  @Test
  void absentSampleReadsAsZeroButFindTellsItApart() {
    assertThat(text.value("agent_requests_total", Map.of("status", "404"))).isEqualTo(0.0);
    assertThat(text.find("agent_requests_total", Map.of("status", "404"))).isEmpty();
  }

  @Test
  void ambiguousLabelsFail() {
    assertThatThrownBy(() -> text.value("agent_requests_total", Map.of("status", "200")))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void sumAddsAllMatchingSamples() {
    assertThat(text.sum("agent_requests_total", Map.of("endpoint", "/api/v1/task"))).isEqualTo(7.0);
    assertThat(text.sum("agent_requests_total", Map.of())).isEqualTo(9.0);
  }

  @Test
  void escapedLabelValuesTimestampsAndExemplarsAreHandled() {
    assertThat(text.matching("odd", Map.of()).get(0).labels())
        .containsEntry("msg", "say \"hi\", a\\b\nc")
        .containsEntry("x", "}");
    assertThat(text.value("odd", Map.of())).isEqualTo(3.0);
    assertThat(text.matching("h_bucket", Map.of()).stream().map(PrometheusText.Sample::le))
        .containsExactly(1.0, Double.POSITIVE_INFINITY);
    assertThat(text.value("h_bucket", Map.of("le", "1.0"))).isEqualTo(4.0);
  }
}
