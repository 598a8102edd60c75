/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code service.instance.id}: a random (version 4) UUID a process, in place of the SDK's own
 * provider (left out of the agent jar's service list), which draws it from {@code
 * UUID.randomUUID()} and so initialises the JDK's security providers for a {@code SecureRandom}:
 * some 100 classes and 26 ms of the agent's start-up (2026-12-07, JDK 17, 2 cores) for 16 random
 * bytes. These come from {@code /dev/urandom}, the source that {@code SecureRandom} itself reads on
 * Linux and macOS, or from {@link ThreadLocalRandom} where there is none. Ordered first, as the
 * SDK's is, so that {@code OTEL_RESOURCE_ATTRIBUTES} or any other provider that sets the attribute
 * wins.
 */
public final class InstanceIdResourceProvider implements ResourceProvider {

  static final AttributeKey<String> SERVICE_INSTANCE_ID =
      AttributeKey.stringKey("service.instance.id");

  private static final Path URANDOM = Path.of("/dev/urandom");

  private static final Resource INSTANCE =
      Resource.create(Attributes.of(SERVICE_INSTANCE_ID, randomUuid(URANDOM).toString()));

  @Override
  public Resource createResource(ConfigProperties config) {
    return INSTANCE;
  }

  @Override
  public int order() {
    return Integer.MIN_VALUE;
  }

  /** A version 4 UUID from 16 bytes of {@code source}, or of ThreadLocalRandom if it can't. */
  static UUID randomUuid(Path source) {
    byte[] bytes = new byte[16];
    try (InputStream in = Files.newInputStream(source)) {
      if (in.readNBytes(bytes, 0, 16) < 16) {
        ThreadLocalRandom.current().nextBytes(bytes);
      }
    } catch (IOException | RuntimeException e) {
      ThreadLocalRandom.current().nextBytes(bytes);
    }
    bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // the IETF variant
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xff);
      low = (low << 8) | (bytes[i + 8] & 0xff);
    }
    return new UUID(high, low);
  }
}
