/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** What an OTLP receiver (HTTP or gRPC) got: the spans, in arrival order, and rejected exports. */
final class ReceivedSpans {

  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  void store(ExportTraceServiceRequest export) {
    for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
      Map<String, Object> resource =
          ReceivedSpan.toMap(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(new ReceivedSpan(span, resource, scopeSpans.getScope().getName()));
        }
      }
    }
  }

  void problem(String problem) {
    problems.add(problem);
  }

  List<ReceivedSpan> all() {
    return List.copyOf(spans);
  }

  List<ReceivedSpan> matching(Predicate<? super ReceivedSpan> filter) {
    return spans.stream().filter(filter).collect(Collectors.toList());
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Waits until at least {@code count} received spans match {@code filter} and returns the matching
   * ones; fails listing what did arrive (and {@code context}) if they don't within {@code timeout}.
   */
  List<ReceivedSpan> await(
      Predicate<? super ReceivedSpan> filter,
      int count,
      Duration timeout,
      Supplier<String> context) {
    List<ReceivedSpan> matching =
        Await.pollUntil(timeout, () -> matching(filter), found -> found.size() >= count);
    if (matching.size() < count) {
      String where = context.get();
      throw new AssertionError(
          "expected at least "
              + count
              + " matching spans "
              + (where.isEmpty() ? "" : where + " ")
              + "within "
              + timeout
              + " but got "
              + matching.size()
              + "; all "
              + spans.size()
              + " received spans: "
              + all()
              + (problems.isEmpty() ? "" : "; receiver problems: " + problems));
    }
    return matching;
  }
}
