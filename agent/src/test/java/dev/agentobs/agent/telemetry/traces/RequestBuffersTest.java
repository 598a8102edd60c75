/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestBuffersTest {

  private final RequestBuffers buffers = new RequestBuffers(2);

  @Test
  void anArrayGivenBackIsTakenAgainAsItWasGrown() {
    byte[] grown = new byte[RequestBuffers.INITIAL_BYTES * 8];
    buffers.give(grown);

    assertThat(buffers.take()).isSameAs(grown);
  }

  @Test
  void arraysInUseAreNeverHandedOutTwice() {
    byte[] first = buffers.take();
    byte[] second = buffers.take();

    assertThat(second).isNotSameAs(first).hasSize(RequestBuffers.INITIAL_BYTES);
  }

  @Test
  void atMostMaxArraysAreKept() {
    byte[] a = new byte[1];
    byte[] b = new byte[2];
    byte[] c = new byte[3];
    buffers.give(a);
    buffers.give(b);
    buffers.give(c);

    assertThat(buffers.take()).isSameAs(b);
    assertThat(buffers.take()).isSameAs(a);
    assertThat(buffers.take()).isNotIn(a, b, c);
  }
}
