/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;

/**
 * Found by the SDK's OTLP/HTTP exporters through {@code ServiceLoader}: the only one in the jar.
 * The agent's own HTTP/1.1 client where the endpoint is reached directly, the JDK's {@code
 * HttpURLConnection} through a proxy.
 */
public final class OtlpHttpSenderProvider implements HttpSenderProvider {

  @Override
  public HttpSender createSender(HttpSenderConfig config) {
    return Http1Sender.reachesDirectly(config)
        ? new Http1Sender(config)
        : new UrlConnectionSender(config);
  }
}
