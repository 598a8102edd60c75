/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import dev.agentobs.agent.internal.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The price table: US dollars per million tokens (input, output, cache read, cache write) per
 * model family. Defaults ship in {@code llm-prices.properties} (providers' list prices); {@code
 * llm.prices} adds or overrides entries. A dated model id ({@code gpt-4o-2024-08-06}, {@code
 * claude-sonnet-4-5-20250929}) or a {@code -latest} alias is priced as its family; a model that is
 * not in the table has no cost, never a guessed one.
 *
 * <p>The defaults are read on the first priced call, not at start-up.
 */
public final class LlmPrices {

  static final String DEFAULTS_RESOURCE = "llm-prices.properties";

  /** {@code -2024-08-06}, {@code -20250929} or {@code -latest} at the end of a model id. */
  private static final Pattern DATED = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)$");

  private static final int LOOKUP_CACHE_LIMIT = 1024;

  private final Map<String, Price> overrides;
  private volatile Map<String, Price> table;
  private final Map<String, Price> byModel = new ConcurrentHashMap<>();

  private LlmPrices(Map<String, Price> overrides) {
    this.overrides = overrides;
  }

  /** The shipped defaults only. */
  public static LlmPrices defaults() {
    return new LlmPrices(Map.of());
  }

  /**
   * The defaults with {@code model:in/out[/cacheRead[/cacheWrite]]} entries separated by {@code ;}
   * added or replacing theirs. A bad entry is reported in one line and skipped.
   */
  public static LlmPrices withOverrides(String spec) {
    Map<String, Price> overrides = new HashMap<>();
    if (spec != null) {
      for (String entry : spec.split(";")) {
        if (entry.isBlank()) {
          continue;
        }
        int colon = entry.lastIndexOf(':');
        Price price = colon > 0 ? Price.parse(entry.substring(colon + 1)) : null;
        if (price == null) {
          AgentLog.warn(
              "llm.prices: ignoring \"" + entry.trim() + "\", expected"
                  + " model:input/output[/cacheRead[/cacheWrite]] in USD per million tokens");
          continue;
        }
        overrides.put(entry.substring(0, colon).trim().toLowerCase(Locale.ROOT), price);
      }
    }
    return new LlmPrices(overrides);
  }

  /** The cost of a call's reported usage; {@link LlmCost#NONE} for an unknown model or no usage. */
  public LlmCost cost(LlmCallObservation call) {
    if (!call.hasUsage()) {
      return LlmCost.NONE;
    }
    Price price = priceOf(call.model());
    if (price == null) {
      return LlmCost.NONE;
    }
    long input = Math.max(call.inputTokens(), 0);
    long cacheRead = Math.max(call.cacheReadTokens(), 0);
    long cacheWrite = Math.max(call.cacheCreationTokens(), 0);
    long uncached = Math.max(input - cacheRead - cacheWrite, 0);
    long picos =
        uncached * price.input
            + Math.max(call.outputTokens(), 0) * price.output
            + cacheRead * price.cacheRead
            + cacheWrite * price.cacheWrite;
    return new LlmCost(picos, true);
  }

  /** The price of a model, by its family; {@code null} when the table has none. */
  Price priceOf(String model) {
    Price cached = byModel.get(model);
    if (cached != null) {
      return cached == Price.NONE ? null : cached;
    }
    String key = model.toLowerCase(Locale.ROOT);
    Price price = lookup(key);
    if (price == null) {
      price = lookup(DATED.matcher(key).replaceFirst(""));
    }
    if (byModel.size() < LOOKUP_CACHE_LIMIT) {
      byModel.put(model, price == null ? Price.NONE : price);
    }
    return price;
  }

  private Price lookup(String key) {
    Price price = overrides.get(key);
    return price != null ? price : table().get(key);
  }

  private Map<String, Price> table() {
    Map<String, Price> t = table;
    if (t == null) {
      t = loadDefaults();
      table = t;
    }
    return t;
  }

  private static Map<String, Price> loadDefaults() {
    Map<String, Price> prices = new HashMap<>();
    Properties properties = new Properties();
    try (InputStream in = LlmPrices.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        AgentLog.warn("the default LLM price table is missing from the agent jar; costs are off");
        return prices;
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    } catch (IOException e) {
      AgentLog.warn("could not read the default LLM price table: " + e);
      return prices;
    }
    for (String model : properties.stringPropertyNames()) {
      Price price = Price.parse(properties.getProperty(model));
      if (price != null) {
        prices.put(model.toLowerCase(Locale.ROOT), price);
      }
    }
    return prices;
  }

  /** One model's prices, in pico-dollars per token (= micro-dollars per million tokens). */
  static final class Price {
    static final Price NONE = new Price(0, 0, 0, 0);

    final long input;
    final long output;
    final long cacheRead;
    final long cacheWrite;

    Price(long input, long output, long cacheRead, long cacheWrite) {
      this.input = input;
      this.output = output;
      this.cacheRead = cacheRead;
      this.cacheWrite = cacheWrite;
    }

    /**
     * {@code in/out[/cacheRead[/cacheWrite]]} in USD per million tokens; a cache price not given is
     * the input price. {@code null} when malformed.
     */
    static Price parse(String spec) {
      String[] parts = spec.trim().split("/");
      if (parts.length < 2 || parts.length > 4) {
        return null;
      }
      long[] picos = new long[4];
      try {
        for (int i = 0; i < parts.length; i++) {
          BigDecimal perMillion = new BigDecimal(parts[i].trim());
          if (perMillion.signum() < 0) {
            return null;
          }
          // USD per 10^6 tokens = 10^6 pico-USD per token per USD: exact up to six decimals
          picos[i] = perMillion.movePointRight(6).longValueExact();
        }
      } catch (ArithmeticException | NumberFormatException e) {
        return null;
      }
      long cacheRead = parts.length > 2 ? picos[2] : picos[0];
      long cacheWrite = parts.length > 3 ? picos[3] : picos[0];
      return new Price(picos[0], picos[1], cacheRead, cacheWrite);
    }
  }
}
