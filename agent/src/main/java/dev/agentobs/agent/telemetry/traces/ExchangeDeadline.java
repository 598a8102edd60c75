/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import java.io.Closeable;
import java.io.IOException;

/**
 * The configured timeout of one export attempt, held by closing what the attempt waits on when it
 * passes ({@link ExchangeDeadlines} looks). A socket's read timeout bounds each read only; a write
 * has none, so a collector that stops reading in the middle of a request (its buffers full, a
 * process stopped with the connection open) held a sender thread until TCP gave up, which, while
 * the collector's kernel still acknowledges, is never. Closing the socket from another thread is
 * the one way the JDK offers to end a blocked write.
 */
final class ExchangeDeadline implements AutoCloseable {

  private final ExchangeDeadlines owner;
  private final long dueNanos;
  private Closeable watched;
  private boolean passed;

  ExchangeDeadline(ExchangeDeadlines owner, long dueNanos) {
    this.owner = owner;
    this.dueNanos = dueNanos;
  }

  boolean dueBy(long nanoTime) {
    return nanoTime - dueNanos >= 0;
  }

  /** Closes {@code closeable} when the time is up, at once if it already is. */
  synchronized void watch(Closeable closeable) throws IOException {
    watched = closeable;
    if (passed) {
      closeable.close();
    }
  }

  /** Stops watching: a late alarm must not close a connection kept for the next export. */
  synchronized void release() {
    watched = null;
  }

  synchronized boolean passed() {
    return passed;
  }

  /** The time is up: what the attempt waits on is closed. */
  synchronized void pass() {
    passed = true;
    if (watched != null) {
      try {
        watched.close();
      } catch (IOException ignored) {
        // closing is all that was wanted
      }
    }
  }

  /** The attempt is over. */
  @Override
  public void close() {
    release();
    owner.ended(this);
  }
}
