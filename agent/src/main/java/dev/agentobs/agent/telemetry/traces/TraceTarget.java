/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.config.AgentConfig;
import java.util.Map;

/**
 * Where spans go, in words, for the start-up banner. Apart from {@link TracingSetup} on purpose:
 * the banner is printed in premain, on the application's main thread, and must not load the SDK or
 * {@code java.util.logging} (which {@code TracingSetup} does) to say it.
 */
public final class TraceTarget {

  /** The trace export target, for the start-up banner. */
  public static String describe(AgentConfig config) {
    return describe(config.environment());
  }

  static String describe(Map<String, String> env) {
    String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "otlp").trim();
    if (exporter.equalsIgnoreCase("none")) {
      return "off";
    }
    if (exporter.equalsIgnoreCase("zipkin")) {
      // the Zipkin exporter's own default, as its autoconfigure provider applies it
      return "zipkin "
          + env.getOrDefault(
              "OTEL_EXPORTER_ZIPKIN_ENDPOINT", ZipkinExporterProvider.DEFAULT_ENDPOINT);
    }
    // TracingSetup's default, not the SDK's (grpc)
    String protocol =
        env.getOrDefault(
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
            env.getOrDefault("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
    String endpoint =
        env.getOrDefault(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            env.getOrDefault(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                protocol.startsWith("http") ? "http://localhost:4318" : "http://localhost:4317"));
    return exporter + " " + protocol + " " + endpoint;
  }

  private TraceTarget() {}
}
