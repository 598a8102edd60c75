/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import java.math.BigDecimal;

/**
 * What an LLM call cost in US dollars, from the price table, kept in pico-dollars (10^-12 USD) so
 * sums are exact: a price per million tokens with up to six decimals is a whole number of
 * pico-dollars per token.
 */
public final class LlmCost {

  /** No cost known: the model is not in the price table, or the provider reported no usage. */
  public static final LlmCost NONE = new LlmCost(0, false);

  static final long PICOS_PER_USD = 1_000_000_000_000L;

  private final long picoUsd;
  private final boolean priced;

  LlmCost(long picoUsd, boolean priced) {
    this.picoUsd = picoUsd;
    this.priced = priced;
  }

  /** Whether the call had a price: its model is in the table and it reported usage. */
  public boolean priced() {
    return priced;
  }

  public long picoUsd() {
    return picoUsd;
  }

  public double usd() {
    return picoUsd / (double) PICOS_PER_USD;
  }

  /** Dollars as a plain decimal, exact, for log lines (e.g. {@code 0.0125}). */
  public static String format(long picoUsd) {
    return BigDecimal.valueOf(picoUsd, 12).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return priced ? "$" + format(picoUsd) : "unpriced";
  }
}
