/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * An {@link AttributesBuilder} defined by what it does with one attribute: every other way in
 * ({@code int} values, {@code putAll}) comes down to {@link #add}, and what the SDK's builder
 * skips (a null value, an empty key) never reaches it.
 */
abstract class PutAttributesBuilder implements AttributesBuilder {

  /** One attribute, its key non-empty and its value non-null. */
  abstract void add(AttributeKey<?> key, Object value);

  @Override
  public final <T> AttributesBuilder put(AttributeKey<T> key, T value) {
    if (key != null && value != null && !key.getKey().isEmpty()) {
      add(key, value);
    }
    return this;
  }

  @Override
  public final <T> AttributesBuilder put(AttributeKey<Long> key, int value) {
    return put(key, (long) value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public final AttributesBuilder putAll(Attributes attributes) {
    attributes.forEach((key, value) -> put((AttributeKey<Object>) key, value));
    return this;
  }
}
