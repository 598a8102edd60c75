/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentobs.sample.pipeline.Simulation;

/**
 * A parsed {@code POST /api/v1/task} body: {@code {"task": "...", "user_id": "...", "simulate":
 * "error"|"slow"}}; only {@code task} is required.
 */
record TaskRequest(String task, String userId, Simulation simulation) {

  static final String ANONYMOUS = "anonymous";

  static TaskRequest parse(byte[] body) throws InvalidRequestException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("invalid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new InvalidRequestException("invalid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("request body must be a JSON object");
    }
    String task = text(root, "task");
    if (task == null || task.isBlank()) {
      throw new InvalidRequestException("\"task\" is required and must be a non-blank string");
    }
    String userId = text(root, "user_id");
    try {
      return new TaskRequest(
          task, userId == null ? ANONYMOUS : userId, Simulation.parse(text(root, "simulate")));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /** The string field, or null if absent or JSON null; any other type is invalid. */
  private static String text(JsonNode root, String field) throws InvalidRequestException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidRequestException("\"" + field + "\" must be a string");
    }
    return node.textValue();
  }
}
