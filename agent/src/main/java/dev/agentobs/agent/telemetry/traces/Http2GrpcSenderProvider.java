/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;

/** Found by the SDK's OTLP/gRPC exporters through {@code ServiceLoader}: the jar's only one. */
public final class Http2GrpcSenderProvider implements GrpcSenderProvider {

  @Override
  public GrpcSender createSender(GrpcSenderConfig config) {
    return new Http2GrpcSender(config);
  }
}
