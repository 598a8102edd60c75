/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.stainless;

import static dev.agentobs.agent.instrumentation.stainless.ModelProperties.get;

import java.util.ArrayList;
import java.util.List;

/**
 * The text parts of an SDK message's content, for opt-in content capture. Both SDKs model content
 * as "a string, or a list of parts" (the string member named {@code text()} or {@code string()}),
 * and a part as a union whose {@code text()} is either the text
 * itself or a text block with its own {@code text()}; images, audio, files and tool calls have no
 * text and are left out.
 */
public final class ContentTexts {

  /** What the SDKs call the plain-string member of a content union. */
  private static final String[] TEXT_MEMBERS = {"text", "string"};

  /**
   * The texts of {@code content}: {@code content} itself if a string, else the text of each part
   * of the list found under one of {@code listNames} (the SDKs name it differently per type).
   */
  public static List<String> of(Object content, String... listNames) {
    if (content == null) {
      return List.of();
    }
    if (content instanceof String) {
      return List.of((String) content);
    }
    for (String member : TEXT_MEMBERS) {
      Object text = get(content, member);
      if (text instanceof String) {
        return List.of((String) text);
      }
    }
    for (String name : listNames) {
      Object parts = get(content, name);
      if (parts instanceof List) {
        return ofParts((List<?>) parts);
      }
    }
    return List.of();
  }

  /** The text of each part that has one, in order. */
  public static List<String> ofParts(List<?> parts) {
    List<String> texts = new ArrayList<>(parts.size());
    for (Object part : parts) {
      Object text = get(part, "text");
      if (text != null && !(text instanceof String)) {
        text = get(text, "text");
      }
      if (text instanceof String) {
        texts.add((String) text);
      }
    }
    return texts;
  }

  private ContentTexts() {}
}
