/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The app's stdout read as JSON lines. The agent's contract is that every stdout line is exactly
 * one JSON object, so {@link #parseStrict} fails the test on the first line that is not.
 */
final class JsonLines {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<ObjectNode> objects;

  private JsonLines(List<ObjectNode> objects) {
    this.objects = objects;
  }

  /** Every line must be one JSON object; otherwise an {@link AssertionError} names the line. */
  static JsonLines parseStrict(List<String> lines) {
    List<ObjectNode> objects = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      JsonNode node;
      try {
        node = MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        throw new AssertionError(
            "stdout line " + (i + 1) + " is not JSON (" + e.getOriginalMessage() + "): " + line);
      }
      if (node == null || !node.isObject()) {
        throw new AssertionError("stdout line " + (i + 1) + " is not a JSON object: " + line);
      }
      objects.add((ObjectNode) node);
    }
    return new JsonLines(List.copyOf(objects));
  }

  /** The lines that are JSON objects, ignoring the rest: for waiting, never for asserting. */
  static JsonLines parseLenient(List<String> lines) {
    List<ObjectNode> objects = new ArrayList<>();
    for (String line : lines) {
      try {
        JsonNode node = MAPPER.readTree(line);
        if (node != null && node.isObject()) {
          objects.add((ObjectNode) node);
        }
      } catch (JsonProcessingException ignored) {
        // parseStrict reports it
      }
    }
    return new JsonLines(List.copyOf(objects));
  }

  static JsonNode parseObject(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON (" + e.getOriginalMessage() + "): " + json, e);
    }
  }

  List<ObjectNode> all() {
    return objects;
  }

  /** Lines whose {@code request_id} is {@code requestId}. */
  List<ObjectNode> forRequest(String requestId) {
    if (requestId == null) {
      return List.of();
    }
    return objects.stream()
        .filter(node -> requestId.equals(text(node, "request_id")))
        .collect(Collectors.toList());
  }

  /** Lines of {@code requestId} whose {@code event} is one of {@code events}. */
  List<ObjectNode> events(String requestId, String... events) {
    List<String> wanted = List.of(events);
    return forRequest(requestId).stream()
        .filter(node -> wanted.contains(text(node, "event")))
        .collect(Collectors.toList());
  }

  /** A field as text, or null if absent or JSON null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static boolean hasEvent(JsonNode node, String event) {
    return Objects.equals(text(node, "event"), event);
  }
}
