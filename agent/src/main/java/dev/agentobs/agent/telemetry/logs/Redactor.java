/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of log lines: values of secret-like keys ({@code log.redact.keys}) become
 * {@code [REDACTED]}, whether the key names a field or MDC entry ({@code authorization}, {@code
 * x_api_key}) or appears inside free text as {@code name: value} / {@code name=value} (a header or
 * a query parameter the app logged). {@code Bearer} and {@code Basic} credentials are redacted
 * anywhere. Runs on the writer thread only.
 */
final class Redactor {

  static final String REDACTED = "[REDACTED]";

  private static final Pattern CREDENTIAL =
      Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{6,}");

  private static final int MAX_CACHED_NAMES = 1024;

  private final String[] keys;
  private final Pattern inText;
  private final Map<String, Boolean> secretNames = new HashMap<>();

  /** @param keys comma-separated, case-insensitive; empty redacts credentials only */
  Redactor(String keys) {
    List<String> list = new ArrayList<>();
    for (String key : keys.split(",")) {
      String k = key.trim().toLowerCase(Locale.ROOT);
      if (!k.isEmpty()) {
        list.add(k);
      }
    }
    this.keys = list.toArray(new String[0]);
    if (list.isEmpty()) {
      inText = null;
    } else {
      StringBuilder names = new StringBuilder();
      for (String k : list) {
        names.append(names.length() == 0 ? "" : "|").append(Pattern.quote(k));
      }
      // name, then ':' or '=' (optionally quoted, as in JSON), then the value up to a delimiter;
      // a "Bearer "/"Basic " scheme belongs to the value
      inText =
          Pattern.compile(
              "(?i)((?<![A-Za-z0-9])(?:" + names + ")[\"']?\\s*[:=]\\s*[\"']?)"
                  + "(?:(?:bearer|basic)\\s+)?[^\\s,;&\"'}]+");
    }
  }

  /**
   * Whether a field or context entry of this name holds a secret: its name is a configured key or
   * ends with one after a separator ({@code openai_api_key} for {@code api_key}).
   */
  boolean isSecretKey(String name) {
    if (keys.length == 0 || name == null) {
      return false;
    }
    // the same few dozen names come by on every line: the suffix scan showed as 5 % of the
    // agent's CPU under load. Bounded, for apps that put unbounded key names in their MDC.
    Boolean known = secretNames.get(name);
    if (known != null) {
      return known;
    }
    boolean secret = scan(name);
    if (secretNames.size() < MAX_CACHED_NAMES) {
      secretNames.put(name, secret);
    }
    return secret;
  }

  private boolean scan(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String key : keys) {
      if (lower.endsWith(key)) {
        int before = lower.length() - key.length() - 1;
        if (before < 0 || !Character.isLetterOrDigit(lower.charAt(before))) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code text} with secrets written as key-value pairs or credentials replaced. */
  String redactText(String text) {
    if (text == null || text.length() < 6) {
      return text;
    }
    // a ':' in a message is common, a key right before it is not: the key-value regex's search
    // through the whole text was most of an app record's rendering (2.3 µs a line in
    // LogWriterBenchmark), so it runs only where a key can match
    boolean keyValue = inText != null && keyBeforeSeparator(text);
    boolean scheme = containsIgnoreCase(text, "bearer") || containsIgnoreCase(text, "basic");
    if (!keyValue && !scheme) {
      return text;
    }
    String result = keyValue ? redactKeyValues(text) : text;
    if (scheme) {
      Matcher c = CREDENTIAL.matcher(result);
      if (c.find()) {
        result = c.replaceAll("$1 " + Matcher.quoteReplacement(REDACTED));
      }
    }
    return result;
  }

  /** {@code text} with the value of each {@code name: value} or {@code name=value} of a key redacted. */
  String redactKeyValues(String text) {
    if (inText == null) {
      return text;
    }
    Matcher m = inText.matcher(text);
    return m.find() ? m.replaceAll("$1" + Matcher.quoteReplacement(REDACTED)) : text;
  }

  /**
   * Whether a key ends right before a ':' or '=', but for an optional quote and white space: where
   * {@link #inText} can match at all. Never no where the regex matches (its {@code \s} and ASCII
   * case-insensitivity are within {@link Character#isWhitespace} and {@link
   * String#regionMatches(boolean, int, String, int, int)}); it may say yes where the regex then
   * finds nothing (a key inside a longer word).
   */
  boolean keyBeforeSeparator(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ':' && c != '=') {
        continue;
      }
      int end = i;
      while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
        end--;
      }
      if (end > 0 && (text.charAt(end - 1) == '"' || text.charAt(end - 1) == '\'')) {
        end--;
      }
      for (String key : keys) {
        int start = end - key.length();
        if (start >= 0 && text.regionMatches(true, start, key, 0, key.length())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean containsIgnoreCase(String text, String lowerWord) {
    int last = text.length() - lowerWord.length();
    char first = lowerWord.charAt(0);
    for (int i = 0; i <= last; i++) {
      if (Character.toLowerCase(text.charAt(i)) == first
          && text.regionMatches(true, i, lowerWord, 0, lowerWord.length())) {
        return true;
      }
    }
    return false;
  }
}
