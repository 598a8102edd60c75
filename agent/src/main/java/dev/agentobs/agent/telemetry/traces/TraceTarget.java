/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.config.AgentConfig;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where spans go, in words, for the start-up banner. Apart from {@link TracingSetup} on purpose:
 * the banner is printed in premain, on the application's main thread, and must not load the SDK or
 * {@code java.util.logging} (which {@code TracingSetup} does) to say it.
 */
public final class TraceTarget {

  /** The trace export target, for the start-up banner. */
  public static String describe(AgentConfig config) {
    return describe(config.environment(), System.getProperties());
  }

  /**
   * As the SDK's autoconfiguration reads its settings: {@code -Dotel.exporter.otlp.endpoint} before
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
   */
  static String describe(Map<String, String> env, Properties systemProperties) {
    Function<String, String> setting =
        name -> {
          String property =
              systemProperties.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
          return property != null ? property : env.get(name);
        };
    String exporter = orElse(setting.apply("OTEL_TRACES_EXPORTER"), "otlp").trim();
    if (exporter.equalsIgnoreCase("none")) {
      return "off";
    }
    if (exporter.equalsIgnoreCase("zipkin")) {
      // the Zipkin exporter's own default, as its autoconfigure provider applies it
      return "zipkin "
          + orElse(
              setting.apply("OTEL_EXPORTER_ZIPKIN_ENDPOINT"),
              ZipkinExporterProvider.DEFAULT_ENDPOINT);
    }
    // TracingSetup's default, not the SDK's (grpc)
    String protocol =
        orElse(
            setting.apply("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"),
            orElse(setting.apply("OTEL_EXPORTER_OTLP_PROTOCOL"), "http/protobuf"));
    String endpoint =
        orElse(
            setting.apply("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
            orElse(
                setting.apply("OTEL_EXPORTER_OTLP_ENDPOINT"),
                protocol.startsWith("http") ? "http://localhost:4318" : "http://localhost:4317"));
    return exporter + " " + protocol + " " + endpoint;
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  private TraceTarget() {}
}
