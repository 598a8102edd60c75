/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void generatedIdsAreSixteenHexCharactersAndDiffer() {
    String a = RequestIds.generate();
    String b = RequestIds.generate();
    assertThat(a).matches("[0-9a-f]{16}");
    assertThat(a).isNotEqualTo(b);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc-123", "req_1.2:3", "A"})
  void safeIncomingIdsAreKept(String id) {
    assertThat(RequestIds.acceptOrGenerate(id)).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "a b", "x\"y", "line\nbreak", "<script>", "é"})
  void unsafeIncomingIdsAreReplaced(String id) {
    assertThat(RequestIds.acceptOrGenerate(id)).matches("[0-9a-f]{16}");
  }

  @Test
  void longIdsAreCut() {
    String id = "a".repeat(1000);
    assertThat(RequestIds.acceptOrGenerate(id)).hasSize(RequestIds.MAX_LENGTH);
  }

  @Test
  void missingIdIsGenerated() {
    assertThat(RequestIds.acceptOrGenerate(null)).matches("[0-9a-f]{16}");
  }
}
