/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.http;

/**
 * Turns a raw request path into a low-cardinality endpoint when no route template is known:
 * segments that look like ids (numbers, UUIDs, long hex, long mixed tokens) become {@code {id}}.
 * Shared by the HTTP server instrumentations.
 */
public final class PathTemplates {

  private static final int MAX_LENGTH = 200;

  public static String fold(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder(path.length());
    int start = 0;
    while (start <= path.length()) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      String segment = path.substring(start, end);
      out.append(isIdLike(segment) ? "{id}" : segment);
      if (slash < 0) {
        break;
      }
      out.append('/');
      start = slash + 1;
    }
    return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) : out.toString();
  }

  static boolean isIdLike(String segment) {
    int n = segment.length();
    if (n == 0) {
      return false;
    }
    int digits = 0;
    int hex = 0;
    int letters = 0;
    for (int i = 0; i < n; i++) {
      char c = segment.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        hex++;
      } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
        hex++;
        letters++;
      } else if (Character.isLetter(c)) {
        letters++;
      }
    }
    if (digits == n) {
      return true; // 42, 2024
    }
    if (n == 36 && segment.charAt(8) == '-' && segment.charAt(13) == '-' && hex == 32) {
      return true; // UUID
    }
    if (hex == n && n >= 16) {
      return true; // long hex: hashes, object ids
    }
    // long tokens mixing letters and digits (base64-ish ids, ULIDs), or anything oversized
    return (n >= 20 && digits > 0 && letters > 0) || n > 64;
  }

  private PathTemplates() {}
}
