/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TraceTargetTest {

  @Test
  void bannerNamesTheOtlpEndpointByDefault() {
    assertThat(describe(Map.of()))
        .isEqualTo("otlp http/protobuf http://localhost:4318");
    assertThat(describe(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")))
        .isEqualTo("otlp http/protobuf http://collector:4318");
  }

  @Test
  void bannerNamesTheProtocolTheTracesExporterUses() {
    assertThat(describe(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
        .isEqualTo("otlp grpc http://localhost:4317");
    assertThat(
            describe(
                Map.of(
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")))
        .isEqualTo("otlp grpc http://collector:4317");
  }

  @Test
  void bannerReadsASystemPropertyBeforeItsVariableAsTheSdkDoes() {
    Properties properties = new Properties();
    properties.setProperty("otel.exporter.otlp.protocol", "grpc");
    properties.setProperty("otel.exporter.otlp.endpoint", "http://from-property:4317");
    assertThat(
            TraceTarget.describe(
                Map.of(
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-variable:4318"),
                properties))
        .isEqualTo("otlp grpc http://from-property:4317");
    properties.setProperty("otel.traces.exporter", "none");
    assertThat(TraceTarget.describe(Map.of(), properties)).isEqualTo("off");
  }

  @Test
  void bannerNamesTheZipkinEndpointNotAnOtlpOneWhenExportingToZipkin() {
    assertThat(describe(Map.of("OTEL_TRACES_EXPORTER", "zipkin")))
        .isEqualTo("zipkin http://localhost:9411/api/v2/spans");
    assertThat(
            describe(
                Map.of(
                    "OTEL_TRACES_EXPORTER", "zipkin",
                    "OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans")))
        .isEqualTo("zipkin http://zipkin:9411/api/v2/spans");
  }

  @Test
  void bannerSaysOffWhenTheExporterIsNone() {
    assertThat(describe(Map.of("OTEL_TRACES_EXPORTER", "none"))).isEqualTo("off");
  }

  /** With no system property set. */
  private static String describe(Map<String, String> environment) {
    return TraceTarget.describe(environment, new Properties());
  }
}
