/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LlmPricesTest {

  private final LlmPrices defaults = LlmPrices.defaults();

  @ParameterizedTest
  @CsvSource({
    // model, input (incl. cached), output, cache read, cache write, expected USD
    "gpt-4o, 1000000, 1000000, -1, -1, 12.5",
    "gpt-4o-2024-08-06, 1200, 300, 1024, -1, 0.00472",
    "gpt-4o-mini, 10000, 2000, -1, -1, 0.0027",
    "gpt-4.1, 500000, 100000, 400000, -1, 1.2",
    "claude-sonnet-4-5-20250929, 3000, 500, 1000, 1000, 0.01455",
    "claude-haiku-4-5, 1000000, 0, 0, 0, 1",
    "claude-opus-4-1, 100, 100, 0, 0, 0.009",
    "CLAUDE-SONNET-4-5, 1000000, 0, -1, -1, 3",
    "claude-3-5-haiku-latest, 1000000, 1000000, -1, -1, 4.8"
  })
  void costFollowsTheListPricesToTheCent(
      String model, long in, long out, long cacheRead, long cacheWrite, String usd) {
    LlmCallObservation call = call(model, in, out, cacheRead, cacheWrite);

    LlmCost cost = defaults.cost(call);

    assertThat(cost.priced()).isTrue();
    assertThat(new java.math.BigDecimal(LlmCost.format(cost.picoUsd())))
        .isEqualByComparingTo(usd);
  }

  @Test
  void cachedInputIsChargedAtTheCacheReadPriceAndNotAgainAsInput() {
    // gpt-4o: 1,000 uncached at $2.50/M + 1,000 cached at $1.25/M = $0.00375
    LlmCost cost = defaults.cost(call("gpt-4o", 2000, 0, 1000, -1));

    assertThat(cost.picoUsd()).isEqualTo(3_750_000_000L);
    assertThat(cost.usd()).isEqualTo(0.00375);
  }

  @Test
  void unknownModelOrNoUsageHasNoCost() {
    assertThat(defaults.cost(call("my-finetune", 1000, 1000, -1, -1)).priced()).isFalse();
    assertThat(defaults.cost(call("gpt-4o", -1, -1, -1, -1)).priced()).isFalse();
    // a family is matched whole, never by prefix: gpt-4o-audio-preview is not gpt-4o
    assertThat(defaults.cost(call("gpt-4o-audio-preview", 10, 10, -1, -1)).priced()).isFalse();
  }

  @Test
  void overridesAddAndReplaceEntriesAndBadOnesAreSkipped() {
    LlmPrices prices =
        LlmPrices.withOverrides(
            "my-model:1/2; gpt-4o:5/20/2.5/5 ;broken;x:1;y:a/b;z:-1/2;big:1/2/3/4/5");

    assertThat(prices.cost(call("my-model", 1_000_000, 1_000_000, -1, -1)).usd()).isEqualTo(3.0);
    assertThat(prices.cost(call("gpt-4o", 1_000_000, 0, -1, -1)).usd()).isEqualTo(5.0);
    assertThat(prices.cost(call("gpt-4o-mini", 1_000_000, 0, -1, -1)).usd()).isEqualTo(0.15);
    for (String bad : new String[] {"broken", "x", "y", "z", "big"}) {
      assertThat(prices.cost(call(bad, 1000, 1000, -1, -1)).priced()).as(bad).isFalse();
    }
  }

  @Test
  void aCachePriceNotGivenIsTheInputPrice() {
    LlmPrices prices = LlmPrices.withOverrides("m:2/4");

    assertThat(prices.cost(call("m", 1_000_000, 0, 500_000, 500_000)).usd()).isEqualTo(2.0);
  }

  @Test
  void sixDecimalPricesStayExact() {
    LlmPrices prices = LlmPrices.withOverrides("tiny:0.000001/0.000003");

    assertThat(prices.cost(call("tiny", 1, 1, -1, -1)).picoUsd()).isEqualTo(4);
  }

  static LlmCallObservation call(String model, long in, long out, long cacheRead, long write) {
    LlmCallObservation call = new LlmCallObservation(null, null);
    call.setRequest("chat", "openai", model);
    call.setUsage(in, out, cacheRead, write);
    return call;
  }
}
