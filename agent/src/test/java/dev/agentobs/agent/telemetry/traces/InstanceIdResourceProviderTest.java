/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static dev.agentobs.agent.telemetry.traces.InstanceIdResourceProvider.SERVICE_INSTANCE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdResourceProviderTest {

  @Test
  void drawsAVersion4UuidFromTheSourcesBytes(@TempDir Path dir) throws IOException {
    Path source = dir.resolve("random");
    byte[] bytes = new byte[16];
    for (int i = 0; i < 16; i++) {
      bytes[i] = (byte) 0xff;
    }
    Files.write(source, bytes);

    UUID uuid = InstanceIdResourceProvider.randomUuid(source);

    assertThat(uuid.version()).isEqualTo(4);
    assertThat(uuid.variant()).isEqualTo(2);
    // every other bit is the source's
    assertThat(uuid).hasToString("ffffffff-ffff-4fff-bfff-ffffffffffff");
  }

  @Test
  void aMissingOrShortSourceStillGivesARandomVersion4Uuid(@TempDir Path dir) throws IOException {
    Path shortSource = dir.resolve("short");
    Files.write(shortSource, new byte[3]);

    UUID fromMissing = InstanceIdResourceProvider.randomUuid(dir.resolve("missing"));
    UUID fromShort = InstanceIdResourceProvider.randomUuid(shortSource);

    assertThat(fromMissing.version()).isEqualTo(4);
    assertThat(fromShort.version()).isEqualTo(4);
    assertThat(fromMissing).isNotEqualTo(fromShort);
  }

  @Test
  void theProcessKeepsOneInstanceIdAndYieldsToEveryOtherProvider() {
    InstanceIdResourceProvider provider = new InstanceIdResourceProvider();
    DefaultConfigProperties config = DefaultConfigProperties.createFromMap(Map.of());

    String id = provider.createResource(config).getAttribute(SERVICE_INSTANCE_ID);

    assertThat(UUID.fromString(id).version()).isEqualTo(4);
    InstanceIdResourceProvider another = new InstanceIdResourceProvider();
    assertThat(another.createResource(config).getAttribute(SERVICE_INSTANCE_ID)).isEqualTo(id);
    assertThat(provider.order()).isEqualTo(Integer.MIN_VALUE);
  }

  @Test
  void otelResourceAttributesStillSetTheInstanceId() {
    AtomicReference<Resource> resource = new AtomicReference<>();
    AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(
            () ->
                Map.of(
                    "otel.resource.attributes", "service.instance.id=pod-7",
                    "otel.traces.exporter", "none",
                    "otel.metrics.exporter", "none",
                    "otel.logs.exporter", "none"))
        .addResourceCustomizer(
            (r, props) -> {
              resource.set(r);
              return r;
            })
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk()
        .close();

    assertThat(resource.get().getAttribute(SERVICE_INSTANCE_ID)).isEqualTo("pod-7");
  }
}
