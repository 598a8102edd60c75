/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimulatedLlmTest {

  private final SimulatedLlm llm = new SimulatedLlm();

  @Test
  void tokensFollowTheDocumentedFormula() {
    LlmResponse response = llm.complete("gpt-4o", "one two  three\nfour");

    assertThat(response.model()).isEqualTo("gpt-4o");
    assertThat(response.inputTokens()).isEqualTo(4 * 4 + 20);
    assertThat(response.outputTokens()).isEqualTo(50 + "one two  three\nfour".length() % 37);
  }

  @Test
  void samePromptGivesSameResponse() {
    assertThat(llm.complete("gpt-4o-mini", "research the topic"))
        .isEqualTo(llm.complete("gpt-4o-mini", "research the topic"));
  }

  @Test
  void blankPromptHasNoWords() {
    assertThat(SimulatedLlm.wordCount("  \n ")).isZero();
    assertThat(llm.complete("gpt-4o", "").inputTokens()).isEqualTo(20);
  }
}
