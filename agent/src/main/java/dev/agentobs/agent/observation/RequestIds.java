/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: accepted from a caller when safe, generated otherwise. */
public final class RequestIds {

  /** Longer incoming ids are cut: an id is a log field and a span attribute on every event. */
  public static final int MAX_LENGTH = 128;

  /** A new random id: 16 lower-case hex characters. */
  public static String generate() {
    return TraceIds.hex(ThreadLocalRandom.current().nextLong());
  }

  /**
   * The caller's id if it is usable, else a generated one. Usable: 1 to {@link #MAX_LENGTH}
   * characters of {@code [A-Za-z0-9._:-]} (longer ones are cut); anything else could break log
   * parsers or header echoing, so it is replaced rather than escaped.
   */
  public static String acceptOrGenerate(String incoming) {
    if (incoming == null) {
      return generate();
    }
    String id = incoming.trim();
    if (id.length() > MAX_LENGTH) {
      id = id.substring(0, MAX_LENGTH);
    }
    if (id.isEmpty()) {
      return generate();
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == ':';
      if (!ok) {
        return generate();
      }
    }
    return id;
  }

  private RequestIds() {}
}
