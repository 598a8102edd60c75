/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.config.ConfigOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private final Redactor redactor = new Redactor(ConfigOptions.LOG_REDACT_KEYS.defaultValue());

  /** Pieces of text around keys and separators; no "bearer" or "basic", to leave that step out. */
  private static final String[] PIECES = {
    "password", "PassWord", "api_key", "x-api-key", "API-KEY", "token", "access_token", "Cookie",
    "set-cookie", "secret", "client_secret", "passwd", "authorization", "mytoken", "token1",
    ":", "=", " ", "  ", "\t", "\n", "\"", "'", ",", ";", "&", "}", "{", "s3cr3t-value",
    "plan ready", "3 steps", "gpt-4o", "(100 input, 75 output tokens)", "a", "Z9", "_", "-",
    "\u00e9t\u00e9", "\u212a", "key", "value"
  };

  @Test
  void skippingTheRegexNeverLeavesAKeyValueUnredacted() {
    SplittableRandom random = new SplittableRandom(11);
    int regexRan = 0;
    int skipped = 0;
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder();
      int pieces = random.nextInt(1, 12);
      for (int j = 0; j < pieces; j++) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String s = text.toString();
      String byRegex = redactor.redactKeyValues(s);
      if (redactor.keyBeforeSeparator(s)) {
        regexRan++;
      } else {
        skipped++;
        assertThat(byRegex).as("the regex redacts what the check let through: %s", s).isEqualTo(s);
      }
      assertThat(redactor.redactText(s)).as("%s", s).isEqualTo(s.length() < 6 ? s : byRegex);
    }
    // both ways were taken, often
    assertThat(regexRan).isGreaterThan(2_000);
    assertThat(skipped).isGreaterThan(2_000);
  }

  @Test
  void aMessageWithAColonButNoKeyIsLeftAsItIs() {
    String message = "plan ready: 3 steps from gpt-4o (100 input, 75 output tokens)";
    assertThat(redactor.keyBeforeSeparator(message)).isFalse();
    assertThat(redactor.redactText(message)).isSameAs(message);
  }

  @Test
  void keysBeforeSeparatorsAreRedactedWhateverTheSpacingQuotesAndCase() {
    assertThat(redactor.redactText("login with Password = hunter22 ok"))
        .isEqualTo("login with Password = [REDACTED] ok");
    assertThat(redactor.redactText("{\"api_key\": \"sk-123456\", \"n\": 1}"))
        .isEqualTo("{\"api_key\": \"[REDACTED]\", \"n\": 1}");
    assertThat(redactor.redactText("GET /v1?x=1&access_token=abcdef123&y=2"))
        .isEqualTo("GET /v1?x=1&access_token=[REDACTED]&y=2");
    assertThat(redactor.redactText("header X-API-KEY:\tabc123456"))
        .isEqualTo("header X-API-KEY:\t[REDACTED]");
  }
}
