/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import java.util.ArrayDeque;

/**
 * The segments export requests are encoded into, reused; a request takes as many as its spans
 * fill. One array per request grew to a megabyte for a batch of 2,048 spans: G1 places an object
 * of half a region or more (512 KB with the smallest, 1 MB, regions) in whole regions of its own,
 * outside the young generation, and the four reused arrays held four such regions for good. A
 * segment stays below that size; segments beyond the {@code max} kept come and go in the young
 * generation.
 */
final class RequestBuffers {

  static final int SEGMENT_BYTES = 128 * 1024;

  private final int max;
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();

  RequestBuffers(int max) {
    this.max = max;
  }

  /** A free segment, or a new one if none is. */
  synchronized byte[] take() {
    byte[] segment = free.pollLast();
    return segment != null ? segment : new byte[SEGMENT_BYTES];
  }

  /**
   * Returns an array a request no longer needs: kept if it is a segment (not one the encoder grew
   * for an outsized span, nor a request's small head) and fewer than {@code max} are.
   */
  synchronized void give(byte[] array) {
    if (array.length == SEGMENT_BYTES && free.size() < max) {
      free.addLast(array);
    }
  }
}
