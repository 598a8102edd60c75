/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.agentobs.sample.TaskService;
import dev.agentobs.sample.cache.TaskResult;
import dev.agentobs.sample.pipeline.AgentStepException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/task}: runs a task and answers {@code {"task", "user_id", "plan", "result",
 * "tokens_used", "cached"}}; 400 for a bad body, 405 for another method, 500 when an agent fails.
 */
public final class TaskHandler implements HttpHandler {

  /** The context path this handler is registered on. */
  public static final String PATH = "/api/v1/task";

  private static final int MAX_BODY_BYTES = 1 << 20;
  private static final Logger LOGGER = LoggerFactory.getLogger(TaskHandler.class);

  private final TaskService service;

  /**
   * Creates the handler.
   *
   * @param service the task service
   */
  public TaskHandler(TaskService service) {
    this.service = service;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body = readBody(exchange.getRequestBody());
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        Json.sendError(exchange, 404, "not found", "NotFound");
      } else if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        Json.sendError(exchange, 405, "method not allowed", "MethodNotAllowed");
      } else if (body.length > MAX_BODY_BYTES) {
        Json.sendError(exchange, 413, "request body too large", "PayloadTooLarge");
      } else {
        handleTask(exchange, body);
      }
    } finally {
      exchange.close();
    }
  }

  private void handleTask(HttpExchange exchange, byte[] body) throws IOException {
    TaskRequest request;
    try {
      request = TaskRequest.parse(body);
    } catch (InvalidRequestException e) {
      Json.sendError(exchange, 400, e.getMessage(), "InvalidRequest");
      return;
    }
    // the task's size, not its text: what users ask is theirs, not the log's
    LOGGER.info("task received: {} characters", request.task().length());
    TaskService.Answer answer;
    try {
      answer = service.answer(request.task(), request.simulation());
    } catch (AgentStepException e) {
      LOGGER.warn("task failed in an agent step: {}", e.getMessage());
      Json.sendError(exchange, 500, e.getMessage(), e.getClass().getSimpleName());
      return;
    } catch (RuntimeException e) {
      LOGGER.error("task failed unexpectedly", e);
      Json.sendError(exchange, 500, String.valueOf(e.getMessage()), e.getClass().getSimpleName());
      return;
    }
    LOGGER.info(
        "task answered: {} tokens{}",
        answer.result().tokensUsed(),
        answer.cached() ? " (from the cache)" : "");
    Json.send(exchange, 200, render(request, answer));
  }

  private static ObjectNode render(TaskRequest request, TaskService.Answer answer) {
    TaskResult result = answer.result();
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("task", request.task());
    json.put("user_id", request.userId());
    ArrayNode plan = json.putArray("plan");
    result.plan().forEach(plan::add);
    json.put("result", result.result());
    json.put("tokens_used", result.tokensUsed());
    json.put("cached", answer.cached());
    return json;
  }

  /** Reads at most one byte more than the limit, so an oversized body is detected, not buffered. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    in.transferTo(OutputStream.nullOutputStream());
    return body;
  }
}
