/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplatesTest {

  @ParameterizedTest
  @CsvSource({
    "/users/42, /users/{id}",
    "/users/42/orders/7, /users/{id}/orders/{id}",
    "/items/123e4567-e89b-12d3-a456-426614174000, /items/{id}",
    "/blobs/0123456789abcdef0123, /blobs/{id}",
    "/tokens/aZ3kq9Lm2Pz8Xw1Yt6Rb, /tokens/{id}",
    "/api/v1/task, /api/v1/task",
    "/health, /health",
    "/, /",
    "/users/, /users/",
  })
  void idLikeSegmentsAreFolded(String path, String expected) {
    assertThat(PathTemplates.fold(path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"v1", "api", "summarise-the-news", "deadbeef"})
  void wordsAndShortHexAreKept(String segment) {
    assertThat(PathTemplates.isIdLike(segment)).isFalse();
  }
}
