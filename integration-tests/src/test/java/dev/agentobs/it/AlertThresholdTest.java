/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertThresholdTest {

  @Test
  void splitsAtTheOutermostComparisonOnly() {
    AlertThreshold t =
        AlertThreshold.parse(
            "(sum(rate(a{status=~\"5..\"}[5m])) / (sum(rate(a[5m])) > 0)) > 0.05");
    assertThat(t.measure()).isEqualTo("(sum(rate(a{status=~\"5..\"}[5m])) / (sum(rate(a[5m])) > 0))");
    assertThat(t.operator()).isEqualTo(">");
    assertThat(t.threshold()).isEqualTo(0.05);
  }

  @Test
  void readsEveryComparisonOperatorAndExponentThresholds() {
    assertThat(AlertThreshold.parse("up{job=\"agent-service\"} == 0"))
        .isEqualTo(new AlertThreshold("up{job=\"agent-service\"}", "==", 0));
    assertThat(AlertThreshold.parse("sum(increase(t[1h])) > 1e6").threshold()).isEqualTo(1e6);
    assertThat(AlertThreshold.parse("x / (y > 0.2) < 0.5"))
        .isEqualTo(new AlertThreshold("x / (y > 0.2)", "<", 0.5));
    assertThat(AlertThreshold.parse("a >= 3").operator()).isEqualTo(">=");
  }

  @Test
  void rejectsExpressionsWithoutAThreshold() {
    assertThatThrownBy(() -> AlertThreshold.parse("sum(rate(a[5m]))"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no top-level comparison");
    assertThatThrownBy(() -> AlertThreshold.parse("a > b"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("with a number");
  }
}
