/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanAttributesTest {

  private static final AttributeKey<String> PHASE = AttributeKey.stringKey("agent.phase");
  private static final AttributeKey<Long> TOKENS = AttributeKey.longKey("agent.tokens.total");
  private static final AttributeKey<List<String>> REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

  /** The same puts into the SDK's builder and ours. */
  private static AttributesBuilder fill(AttributesBuilder b) {
    for (int i = 0; i < 20; i++) {
      b.put(AttributeKey.longKey("k" + i), (long) i);
    }
    return b.put(PHASE, "planning")
        .put(TOKENS, 7)
        .put(PHASE, "execution")
        .put(AttributeKey.stringKey("unset"), (String) null)
        .put(AttributeKey.stringKey(""), "no key")
        .put(REASONS, List.of("stop"));
  }

  @Test
  void holdsWhatTheSdkBuilderHoldsInPutOrder() {
    Attributes ours = fill(SpanAttributes.builder()).build();
    Attributes sdk = fill(Attributes.builder()).build();

    assertThat(ours.asMap()).isEqualTo(sdk.asMap());
    assertThat(ours.size()).isEqualTo(sdk.size()).isEqualTo(23);
    assertThat(ours.get(PHASE)).isEqualTo("execution");
    assertThat(ours.get(TOKENS)).isEqualTo(7L);
    assertThat(ours.get(AttributeKey.stringKey("agent.phase"))).isEqualTo("execution");
    assertThat(ours.get(AttributeKey.stringKey("missing"))).isNull();
    List<String> order = new ArrayList<>();
    ours.forEach((key, value) -> order.add(key.getKey()));
    assertThat(order).startsWith("k0", "k1").endsWith("agent.phase", "agent.tokens.total",
        "gen_ai.response.finish_reasons");
    assertThat(ours.toBuilder().build().asMap()).isEqualTo(sdk.asMap());
  }

  @Test
  void removesByKeyAndByFilter() {
    Attributes left =
        SpanAttributes.builder()
            .put(PHASE, "planning")
            .put(TOKENS, 3L)
            .put(REASONS, List.of("stop"))
            .remove(TOKENS)
            .removeIf(key -> key.getKey().startsWith("gen_ai."))
            .build();

    assertThat(left.asMap()).containsOnlyKeys(PHASE);
    assertThat(left.isEmpty()).isFalse();
    assertThat(SpanAttributes.builder().build().isEmpty()).isTrue();
  }
}
