/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The configured {@link RetryPolicy} as the SDK's senders apply it, for both of ours: a refused
 * or timed-out connection, or an answer the protocol calls transient, is tried again after a
 * jittered, exponentially growing pause, on the sender's thread.
 */
final class ExportRetries {

  /** One try of a request. */
  interface Attempt<R> {
    R run() throws IOException;
  }

  /** The configured retries, or {@code null}: one attempt. */
  private final RetryPolicy retry;
  /** The configured test of a failed attempt, or {@code null}: retry what never reached it. */
  private final Predicate<IOException> retryable;

  ExportRetries(RetryPolicy retry) {
    this.retry = retry;
    this.retryable = retry == null ? null : retry.getRetryExceptionPredicate();
  }

  /**
   * Runs {@link #run} on {@code executor}, handing the last answer to {@code onResult}, or what
   * failed to {@code onError}: the shape of the SDK's asynchronous {@code send}.
   */
  <R> void submit(
      Executor executor,
      Attempt<R> attempt,
      Predicate<R> isTransient,
      Consumer<? super R> onResult,
      Consumer<Throwable> onError) {
    executor.execute(
        () -> {
          R result;
          try {
            result = run(attempt, isTransient);
          } catch (IOException | RuntimeException e) {
            onError.accept(e);
            return;
          }
          onResult.accept(result);
        });
  }

  /** Runs {@code attempt} until its answer is not {@code isTransient}, or the tries run out. */
  <R> R run(Attempt<R> attempt, Predicate<R> isTransient) throws IOException {
    int attempts = retry == null ? 1 : Math.max(1, retry.getMaxAttempts());
    long backoffNanos = retry == null ? 0 : retry.getInitialBackoff().toNanos();
    for (int tried = 1; ; tried++) {
      R result;
      try {
        result = attempt.run();
      } catch (IOException e) {
        IOException cause = e instanceof ConnectFailure ? (IOException) e.getCause() : e;
        boolean again = retryable == null ? e instanceof ConnectFailure : retryable.test(cause);
        if (tried >= attempts || !again) {
          throw cause;
        }
        backoffNanos = pause(backoffNanos);
        continue;
      }
      if (tried >= attempts || !isTransient.test(result)) {
        return result;
      }
      backoffNanos = pause(backoffNanos);
    }
  }

  private long pause(long backoffNanos) throws IOException {
    try {
      TimeUnit.NANOSECONDS.sleep(ThreadLocalRandom.current().nextLong(Math.max(1, backoffNanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to retry an OTLP export", e);
    }
    return Math.min(
        (long) (backoffNanos * retry.getBackoffMultiplier()), retry.getMaxBackoff().toNanos());
  }

  /** The HTTP statuses OTLP calls transient: the request may be sent again after a pause. */
  static boolean transientHttpStatus(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /**
   * The connection could not be made (refused, timed out): nothing was sent, so a retry cannot
   * deliver spans twice.
   */
  static final class ConnectFailure extends IOException {
    ConnectFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
