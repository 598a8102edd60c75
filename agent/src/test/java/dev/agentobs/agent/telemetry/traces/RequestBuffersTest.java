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
  void aSegmentGivenBackIsTakenAgain() {
    byte[] segment = buffers.take();
    buffers.give(segment);

    assertThat(buffers.take()).isSameAs(segment);
  }

  @Test
  void segmentsInUseAreNeverHandedOutTwice() {
    byte[] first = buffers.take();
    byte[] second = buffers.take();

    assertThat(second).isNotSameAs(first).hasSize(RequestBuffers.SEGMENT_BYTES);
  }

  @Test
  void atMostMaxSegmentsAreKept() {
    byte[] a = buffers.take();
    byte[] b = buffers.take();
    byte[] c = buffers.take();
    buffers.give(a);
    buffers.give(b);
    buffers.give(c);

    assertThat(buffers.take()).isSameAs(b);
    assertThat(buffers.take()).isSameAs(a);
    byte[] fresh = buffers.take();
    assertThat(fresh).isNotSameAs(a).isNotSameAs(b).isNotSameAs(c);
  }

  /** A segment grown for an outsized span, or a request's head: not a segment, not kept. */
  @Test
  void arraysOfAnyOtherSizeAreNotKept() {
    byte[] grown = new byte[RequestBuffers.SEGMENT_BYTES * 2];
    byte[] head = new byte[300];
    buffers.give(grown);
    buffers.give(head);

    assertThat(buffers.take()).hasSize(RequestBuffers.SEGMENT_BYTES);
  }
}
