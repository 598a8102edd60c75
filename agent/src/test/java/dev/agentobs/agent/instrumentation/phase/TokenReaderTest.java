/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentobs.agent.observation.TokenUsage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenReaderTest {

  public record StepResult(String output, String model, long inputTokens, long outputTokens) {}

  public static final class Bean {
    public String getModel() {
      return "claude-haiku-4-5";
    }

    public int getTokensUsed() {
      return 77;
    }
  }

  public record Usage(int inputTokenCount, int outputTokenCount) {}

  public record ChatResponse(String text, String modelName, Usage tokenUsage) {}

  public static final class Hostile {
    public long inputTokens() {
      throw new UnsupportedOperationException("not yet");
    }
  }

  @Test
  void anAccessorThatThrowsIsAFailureForTheCallerToCount() {
    assertThatThrownBy(() -> TokenReader.read(new Hostile()))
        .isInstanceOf(IllegalStateException.class)
        .hasRootCauseInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void readsRecordAccessors() {
    TokenUsage usage = TokenReader.read(new StepResult("x", "gpt-4o", 10, 20));
    assertThat(usage.model()).isEqualTo("gpt-4o");
    assertThat(usage.inputTokens()).isEqualTo(10);
    assertThat(usage.outputTokens()).isEqualTo(20);
    assertThat(usage.total()).isEqualTo(30);
    assertThat(usage.hasSplit()).isTrue();
  }

  @Test
  void readsBeanGettersWithOnlyATotal() {
    TokenUsage usage = TokenReader.read(new Bean());
    assertThat(usage.model()).isEqualTo("claude-haiku-4-5");
    assertThat(usage.hasSplit()).isFalse();
    assertThat(usage.total()).isEqualTo(77);
  }

  @Test
  void readsMapConvention() {
    TokenUsage usage = TokenReader.read(Map.of("tokens_used", 450, "model", "claude-sonnet-4-5"));
    assertThat(usage.model()).isEqualTo("claude-sonnet-4-5");
    assertThat(usage.total()).isEqualTo(450);
    TokenUsage split = TokenReader.read(Map.of("input_tokens", 5L, "output_tokens", 6L));
    assertThat(split.inputTokens()).isEqualTo(5);
    assertThat(split.model()).isEqualTo("unknown");
  }

  @Test
  void readsNestedUsageOneLevelDownKeepingTheOuterModel() {
    TokenUsage usage = TokenReader.read(new ChatResponse("hi", "gpt-4.1", new Usage(3, 4)));
    assertThat(usage.model()).isEqualTo("gpt-4.1");
    assertThat(usage.inputTokens()).isEqualTo(3);
    assertThat(usage.outputTokens()).isEqualTo(4);
  }

  @Test
  void valuesWithoutTokensReportNothing() {
    assertThat(TokenReader.read(null)).isNull();
    assertThat(TokenReader.read("a string")).isNull();
    assertThat(TokenReader.read(Map.of("model", "gpt-4o"))).isNull();
    assertThat(TokenReader.read(42)).isNull();
  }

  /** Counts as the SDKs give them: boxed, as a {@code Number}, or missing (null). */
  public static final class Boxed {
    public Long inputTokens() {
      return 1_000_000_000_000L;
    }

    public Integer outputTokens() {
      return null;
    }

    public Object model() {
      return new StringBuilder("gpt-5");
    }
  }

  public static final class NumberTotal {
    public Number totalTokens() {
      return new java.math.BigDecimal("12.9");
    }
  }

  private static final class Hidden {
    public record Reply(short promptTokens, byte completionTokens) {}
  }

  @Test
  void readsBoxedNumberAndMissingCounts() {
    TokenUsage usage = TokenReader.read(new Boxed());
    assertThat(usage.model()).isEqualTo("gpt-5");
    assertThat(usage.inputTokens()).isEqualTo(1_000_000_000_000L);
    assertThat(usage.outputTokens()).isEqualTo(-1);
    assertThat(TokenReader.read(new NumberTotal()).total()).isEqualTo(12);
  }

  @Test
  void readsAPublicRecordNestedInAPrivateClassWithNarrowPrimitiveCounts() {
    TokenUsage usage = TokenReader.read(new Hidden.Reply((short) 300, (byte) 12));
    assertThat(usage.inputTokens()).isEqualTo(300);
    assertThat(usage.outputTokens()).isEqualTo(12);
    assertThat(usage.total()).isEqualTo(312);
  }

  @Test
  void negativeCountsAreNotInvented() {
    TokenUsage usage = TokenReader.read(new StepResult("x", "m", -5, 7));
    assertThat(usage.inputTokens()).isEqualTo(-1);
    assertThat(usage.total()).isEqualTo(7);
  }
}
