/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * What both OTLP/HTTP senders share: each request tried on one of the agent's sender threads, and
 * tried again ({@link ExportRetries}) after a refused or timed-out connection or a 429, 502, 503
 * or 504 answer; each attempt within the configured timeout ({@link ExchangeDeadline}), writing the
 * request included. A subclass says how one attempt goes.
 */
abstract class RetryingHttpSender implements HttpSender {

  final HttpSenderConfig config;
  private final ExportRetries retries;
  /** Ours even if the exporter was given one: its threads must be the agent's. */
  private final ExecutorService executor = SenderThreads.newExecutor("agent-obs-otlp-sender-");
  private final ExchangeDeadlines deadlines;

  RetryingHttpSender(HttpSenderConfig config) {
    this.config = config;
    this.retries = new ExportRetries(config.getRetryPolicy());
    this.deadlines =
        new ExchangeDeadlines(
            config.getTimeout(),
            "agent-obs-otlp-deadlines",
            "OTLP/HTTP export to " + config.getEndpoint());
  }

  /**
   * One attempt: the request sent, its answer read. What it blocks on (a socket, a connection) it
   * has {@code deadline} watch, so that the wait ends when the time is up.
   */
  abstract HttpResponse sendOnce(MessageWriter request, ExchangeDeadline deadline)
      throws IOException;

  /** Lets go of what the sender keeps between requests; called once, at shutdown. */
  void release() {}

  @Override
  public final void send(
      MessageWriter request, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    retries.submit(
        executor,
        () -> deadlines.within(deadline -> sendOnce(request, deadline)),
        r -> ExportRetries.transientHttpStatus(r.getStatusCode()),
        onResponse,
        onError);
  }

  @Override
  public final CompletableResultCode shutdown() {
    executor.shutdown();
    deadlines.shutdown(); // the deadlines of requests in flight still pass
    release();
    return CompletableResultCode.ofSuccess();
  }
}
