/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExemplarGateTest {

  @Test
  void passesOncePerInterval() {
    ExemplarGate gate = new ExemplarGate();
    long now = System.nanoTime();
    assertThat(gate.tryPass(now)).isTrue();
    assertThat(gate.tryPass(now + 1)).isFalse();
    assertThat(gate.tryPass(now + ExemplarGate.INTERVAL_NANOS - 1)).isFalse();
    assertThat(gate.tryPass(now + ExemplarGate.INTERVAL_NANOS)).isTrue();
    assertThat(gate.tryPass(now + ExemplarGate.INTERVAL_NANOS + 5)).isFalse();
  }
}
