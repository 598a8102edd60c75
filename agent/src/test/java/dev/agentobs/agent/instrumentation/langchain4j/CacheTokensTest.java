/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.SelfStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provider-specific cache counts, read by method name from usage classes shaped like
 * LangChain4j's {@code OpenAiTokenUsage} and {@code AnthropicTokenUsage}.
 */
class CacheTokensTest {

  private final Observer observer = new Observer(List.of(), new SelfStats());

  @Test
  void openAiCachedTokensArePartOfTheInputAlready() throws Throwable {
    LlmCallObservation call = observer.newLlmCall();

    CacheTokens.readInto(call, new OpenAiLikeUsage(), 1200, 300);

    assertThat(call.inputTokens()).isEqualTo(1200);
    assertThat(call.outputTokens()).isEqualTo(300);
    assertThat(call.cacheReadTokens()).isEqualTo(1024);
    assertThat(call.cacheCreationTokens()).isEqualTo(LlmCallObservation.NOT_REPORTED);
  }

  @Test
  void anthropicCacheReadsAndWritesAreAddedToItsInputCount() throws Throwable {
    LlmCallObservation call = observer.newLlmCall();

    CacheTokens.readInto(call, new AnthropicLikeUsage(), 1000, 200);

    assertThat(call.inputTokens()).isEqualTo(1000 + 3000 + 500);
    assertThat(call.cacheReadTokens()).isEqualTo(3000);
    assertThat(call.cacheCreationTokens()).isEqualTo(500);
  }

  @Test
  void aPlainUsageReportsNoCacheCounts() throws Throwable {
    LlmCallObservation call = observer.newLlmCall();

    CacheTokens.readInto(call, new Object(), 10, -1);

    assertThat(call.inputTokens()).isEqualTo(10);
    assertThat(call.outputTokens()).isEqualTo(LlmCallObservation.NOT_REPORTED);
    assertThat(call.cacheReadTokens()).isEqualTo(LlmCallObservation.NOT_REPORTED);
  }

  /** Shaped like {@code OpenAiTokenUsage}. */
  public static final class OpenAiLikeUsage {
    public Details inputTokensDetails() {
      return new Details();
    }

    /** Shaped like {@code OpenAiTokenUsage.InputTokensDetails}. */
    public static final class Details {
      public Integer cachedTokens() {
        return 1024;
      }
    }
  }

  /** Shaped like {@code AnthropicTokenUsage}. */
  public static final class AnthropicLikeUsage {
    public Integer cacheReadInputTokens() {
      return 3000;
    }

    public Integer cacheCreationInputTokens() {
      return 500;
    }
  }
}
