/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelledChildrenTest {

  private final List<List<String>> asked = new ArrayList<>();
  private final LabelledChildren<String> children =
      new LabelledChildren<>(
          values -> {
            asked.add(List.of(values));
            return String.join("|", values);
          });

  @Test
  void asksTheMetricOncePerLabelValuesEqualOrIdentical() {
    assertThat(children.get("GET", "/tasks", "200")).isEqualTo("GET|/tasks|200");
    // equal strings that are other instances, as a request's parsed method is
    assertThat(children.get(new String("GET"), new String("/tasks"), "200"))
        .isEqualTo("GET|/tasks|200");
    assertThat(children.get("GET", "/tasks", "500")).isEqualTo("GET|/tasks|500");
    assertThat(children.get("GET", "/tasks")).isEqualTo("GET|/tasks");

    assertThat(asked)
        .containsExactly(
            List.of("GET", "/tasks", "200"), List.of("GET", "/tasks", "500"),
            List.of("GET", "/tasks"));
  }

  @Test
  void pastItsSizeItStillAnswersByAskingTheMetric() {
    int distinct = LabelledChildren.SIZE * 2;
    for (int i = 0; i < distinct; i++) {
      assertThat(children.get("m", "e" + i, "s")).isEqualTo("m|e" + i + "|s");
    }
    for (int i = 0; i < distinct; i++) {
      assertThat(children.get("m", "e" + i, "s")).isEqualTo("m|e" + i + "|s");
    }
    assertThat(asked.size()).isGreaterThan(distinct).isLessThan(distinct * 2);
  }

  @Test
  void statusLabelsAreTheNumbers() {
    assertThat(AgentMetrics.statusLabel(200)).isEqualTo("200").isSameAs(AgentMetrics.statusLabel(200));
    assertThat(AgentMetrics.statusLabel(0)).isEqualTo("0");
    assertThat(AgentMetrics.statusLabel(999)).isEqualTo("999");
    assertThat(AgentMetrics.statusLabel(-1)).isEqualTo("-1");
  }
}
