/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * A parsed scrape in the Prometheus text exposition format: {@code name{l1="v1",l2="v2"} value} and
 * {@code name value} lines; {@code #} lines (HELP, TYPE, EOF) are skipped, as are an optional
 * timestamp and an OpenMetrics exemplar after the value.
 *
 * <p>Prometheus clients only expose label sets that were touched, so {@link #value} treats an
 * absent sample as 0; use {@link #find} where absence itself matters.
 */
final class PrometheusText {

  private final List<Sample> samples;

  private PrometheusText(List<Sample> samples) {
    this.samples = samples;
  }

  static PrometheusText parse(String exposition) {
    List<Sample> samples = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      String trimmed = line.trim();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        samples.add(parseLine(trimmed));
      }
    }
    return new PrometheusText(List.copyOf(samples));
  }

  List<Sample> samples() {
    return samples;
  }

  /** Samples named exactly {@code name} whose labels include all of {@code labels}. */
  List<Sample> matching(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(sample -> sample.name().equals(name) && sample.hasLabels(labels))
        .collect(Collectors.toList());
  }

  boolean has(String name) {
    return !matching(name, Map.of()).isEmpty();
  }

  /**
   * The single sample named {@code name} whose labels include all of {@code labels}: empty if there
   * is none; an {@link AssertionError} if several match (the label subset is ambiguous).
   */
  OptionalDouble find(String name, Map<String, String> labels) {
    List<Sample> matching = matching(name, labels);
    if (matching.size() > 1) {
      throw new AssertionError(
          "labels "
              + labels
              + " select "
              + matching.size()
              + " samples of "
              + name
              + ": "
              + matching);
    }
    return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.get(0).value());
  }

  /** Like {@link #find}, with an absent sample read as 0. */
  double value(String name, Map<String, String> labels) {
    return find(name, labels).orElse(0);
  }

  /** Sum over all samples named {@code name} whose labels include all of {@code labels}. */
  double sum(String name, Map<String, String> labels) {
    return matching(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  @Override
  public String toString() {
    return samples.stream().map(Sample::toString).collect(Collectors.joining("\n"));
  }

  private static Sample parseLine(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = parseLabels(line, i + 1, labels);
    }
    String[] rest = line.substring(i).trim().split("\\s+");
    if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
      throw new IllegalArgumentException("not a sample line: " + line);
    }
    return new Sample(name, Map.copyOf(labels), parseValue(rest[0], line));
  }

  /** Parses {@code l1="v1",l2="v2"}} from {@code start}; returns the index after the brace. */
  private static int parseLabels(String line, int start, Map<String, String> labels) {
    int i = start;
    while (true) {
      while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
        i++;
      }
      if (i >= line.length()) {
        throw new IllegalArgumentException("unterminated label set: " + line);
      }
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int equals = line.indexOf('=', i);
      if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
        throw new IllegalArgumentException("bad label at " + i + ": " + line);
      }
      String labelName = line.substring(i, equals).trim();
      StringBuilder value = new StringBuilder();
      i = equals + 2;
      while (i < line.length() && line.charAt(i) != '"') {
        char c = line.charAt(i);
        if (c == '\\' && i + 1 < line.length()) {
          char escaped = line.charAt(++i);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
        i++;
      }
      if (i >= line.length()) {
        throw new IllegalArgumentException("unterminated label value: " + line);
      }
      labels.put(labelName, value.toString());
      i++;
    }
  }

  private static double parseValue(String text, String line) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad sample value '" + text + "': " + line, e);
        }
    }
  }

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {

    boolean hasLabels(Map<String, String> subset) {
      return labels.entrySet().containsAll(subset.entrySet());
    }

    /** The numeric {@code le} bound of a histogram bucket sample. */
    double le() {
      String le = labels.get("le");
      if (le == null) {
        throw new IllegalStateException("not a bucket: " + this);
      }
      return parseValue(le, toString());
    }

    @Override
    public String toString() {
      return name + labels + " " + value;
    }
  }
}
