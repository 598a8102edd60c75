/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

/**
 * An alert expression split at its outermost comparison: {@code <measure> <op> <threshold>}. The
 * measure is what the alert watches; on healthy traffic it answers with data while the whole
 * expression, rightly, answers with nothing. Our rules are written in this shape (see the header
 * of alerts/agent-alerts.yml).
 */
record AlertThreshold(String measure, String operator, double threshold) {

  private static final String[] OPERATORS = {"==", "!=", ">=", "<=", ">", "<"};

  /** Fails if {@code expr} does not end in a comparison with a number at its top level. */
  static AlertThreshold parse(String expr) {
    int depth = 0;
    int at = -1;
    String op = null;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = expr.indexOf(c, i + 1); // label values and strings hold no nesting we care about
        if (i < 0) {
          break;
        }
      } else if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      } else if (depth == 0) {
        for (String candidate : OPERATORS) {
          if (expr.startsWith(candidate, i)) {
            at = i;
            op = candidate;
            i += candidate.length() - 1;
            break;
          }
        }
      }
    }
    if (op == null) {
      throw new AssertionError("alert expression has no top-level comparison: " + expr);
    }
    String right = expr.substring(at + op.length()).trim();
    try {
      return new AlertThreshold(expr.substring(0, at).trim(), op, Double.parseDouble(right));
    } catch (NumberFormatException e) {
      throw new AssertionError(
          "alert expression does not end in a comparison with a number (" + right + "): " + expr, e);
    }
  }
}
