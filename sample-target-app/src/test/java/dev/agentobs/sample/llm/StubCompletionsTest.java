/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StubCompletionsTest {

  @Test
  void usageFollowsTheDocumentedFormula() {
    String prompt = "You are a research agent.\none two  three four";

    assertThat(StubCompletions.promptTokens(prompt)).isEqualTo(9 * 4 + 20);
    assertThat(StubCompletions.completionTokens(prompt)).isEqualTo(50 + prompt.length() % 37);
    assertThat(StubCompletions.cachedTokens(prompt)).isEqualTo(16); // 5 words * 4 = 20 -> 16
    assertThat(StubCompletions.wordCount("  \n ")).isZero();
  }

  @Test
  void langChain4jGetsTheStubsAnswerWithItsUsageAndTheDatedModel() throws IOException {
    try (StubLlmServer stub = StubLlmServer.start()) {
      LlmClient client = new LlmClient(stub.baseUrl(), "k");
      String prompt = "You are a planning agent.\nTask: plan a trip";

      LlmResponse response = client.complete(LlmClient.LARGE_MODEL, prompt);

      assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
      assertThat(response.inputTokens()).isEqualTo(StubCompletions.promptTokens(prompt));
      assertThat(response.outputTokens()).isEqualTo(StubCompletions.completionTokens(prompt));
      assertThat(response.text()).startsWith("gpt-4o on \"Task: plan a trip\": findings #");
      assertThat(client.complete(LlmClient.LARGE_MODEL, prompt)).isEqualTo(response);
    }
  }
}
