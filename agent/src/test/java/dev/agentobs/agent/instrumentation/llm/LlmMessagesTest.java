/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmMessagesTest {

  @Test
  void messagesAreTheGenAiConventionsJsonWithRolesPartsAndFinishReason() throws Exception {
    String json =
        new LlmMessages(4096)
            .add("system", "Be \"brief\"\\")
            .add("user", List.of("Hi\n", "there\u0001"), null)
            .add("assistant", List.of("Hello!"), "stop")
            .json();

    assertThat(json)
        .isEqualTo(
            "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be \\\"brief\\\"\\\\\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\\n\"},"
                + "{\"type\":\"text\",\"content\":\"there\\u0001\"}]},"
                + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello!\"}],"
                + "\"finish_reason\":\"stop\"}]");
    assertThat(values(json, "content")).containsExactly("Be \"brief\"\\", "Hi\n", "there\u0001",
        "Hello!");
  }

  @Test
  void theTextIsCappedAcrossMessagesAndTheCutIsMarkedInValidJson() throws Exception {
    String json =
        new LlmMessages(10).add("system", "123456").add("user", "abcdefgh").add("user", "never")
            .json();

    assertThat(values(json, "role")).containsExactly("system", "user");
    assertThat(values(json, "content")).containsExactly("123456", "abcd" + LlmMessages.CUT);
  }

  @Test
  void aMessageAfterTheCapExactlyFilledIsOnlyTheMarker() throws Exception {
    String json =
        new LlmMessages(4).add("user", "abcd").add("user", "more").add("user", "x").json();

    assertThat(values(json, "content")).containsExactly("abcd", LlmMessages.CUT);
  }

  @Test
  void aCutNeverSplitsASurrogatePairAndNoMessageIsNoJson() throws Exception {
    String json = new LlmMessages(2).add("user", "a\uD83D\uDE00b").json();

    assertThat(values(json, "content")).containsExactly("a" + LlmMessages.CUT);
    assertThat(new LlmMessages(10).json()).isNull();
    assertThat(new LlmMessages(10).add("assistant", null).json())
        .isEqualTo("[{\"role\":\"assistant\",\"parts\":[]}]");
  }

  /** The values of every {@code field} in the JSON, in order; fails on invalid JSON. */
  private static List<String> values(String json, String field) throws IOException {
    List<String> found = new ArrayList<>();
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        if (t == JsonToken.FIELD_NAME && parser.getCurrentName().equals(field)) {
          parser.nextToken();
          found.add(parser.getText());
        }
      }
    }
    return found;
  }
}
