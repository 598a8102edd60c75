/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheHelperTest {

  @Test
  void emptyResultsAreMisses() {
    assertThat(CacheHelper.isHit(null)).isFalse();
    assertThat(CacheHelper.isHit(Optional.empty())).isFalse();
    assertThat(CacheHelper.isHit(List.of())).isFalse();
    assertThat(CacheHelper.isHit(Map.of())).isFalse();
    assertThat(CacheHelper.isHit("")).isFalse();
    assertThat(CacheHelper.isHit(new int[0])).isFalse();
    assertThat(CacheHelper.isHit(Boolean.FALSE)).isFalse();
  }

  @Test
  void anythingElseIsAHit() {
    assertThat(CacheHelper.isHit(Optional.of(1))).isTrue();
    assertThat(CacheHelper.isHit(List.of(1))).isTrue();
    assertThat(CacheHelper.isHit("x")).isTrue();
    assertThat(CacheHelper.isHit(new Object())).isTrue();
    assertThat(CacheHelper.isHit(0)).isTrue();
  }
}
