/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import java.util.ArrayDeque;

/**
 * The arrays export requests are encoded into, reused. A batch of 2,048 spans is about half a
 * megabyte: allocated for each export, that is a G1 humongous object dozens of times a second,
 * each taking whole regions outside the young generation (RSS the app pays for). Kept: at most
 * {@code max}, the largest the encoder grew them to.
 */
final class RequestBuffers {

  static final int INITIAL_BYTES = 64 * 1024;

  private final int max;
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();

  RequestBuffers(int max) {
    this.max = max;
  }

  /** A free array, or a new one if none is. */
  synchronized byte[] take() {
    byte[] buffer = free.pollLast();
    return buffer != null ? buffer : new byte[INITIAL_BYTES];
  }

  /** Returns an array its request no longer needs. */
  synchronized void give(byte[] buffer) {
    if (free.size() < max) {
      free.addLast(buffer);
    }
  }
}
