/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it.llmstub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Anthropic's {@code /v1/messages}, JSON and as its event stream ({@code message_start}, content
 * block events, {@code message_delta} with the final output tokens and stop reason, {@code
 * message_stop}), answering every prompt with {@link #ANSWER} and a fixed usage that reads from and
 * writes to the prompt cache.
 */
public final class AnthropicStub extends LlmStubServer {

  public static final String ANSWER = "Hello from the stub";
  public static final long INPUT_TOKENS = 100;
  public static final long OUTPUT_TOKENS = 250;
  public static final long CACHE_READ_TOKENS = 2000;
  public static final long CACHE_CREATION_TOKENS = 500;
  public static final String STOP_REASON = "end_turn";
  private static final String[] PIECES = {"Hello", " from", " the stub"};

  private static final AtomicInteger IDS = new AtomicInteger();

  public AnthropicStub() {
    super(Map.of("/v1/messages", new Messages()));
  }

  /** The Anthropic SDK adds the API version to the paths itself. */
  @Override
  public String baseUrl() {
    return origin();
  }

  @Override
  String errorBody(int status, String message) {
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error")
        .put("type", status == 429 ? "rate_limit_error" : "api_error")
        .put("message", message);
    return body.toString();
  }

  private static final class Messages implements Route {
    @Override
    public String json(JsonNode request) {
      ObjectNode message = message(request, "msg_stub_" + IDS.incrementAndGet());
      message.putArray("content").addObject().put("type", "text").put("text", ANSWER);
      message.put("stop_reason", STOP_REASON);
      message.set("usage", usage(OUTPUT_TOKENS));
      return message.toString();
    }

    @Override
    public List<Sse> events(JsonNode request) {
      List<Sse> events = new ArrayList<>();
      ObjectNode start = JSON.createObjectNode().put("type", "message_start");
      ObjectNode message = message(request, "msg_stub_" + IDS.incrementAndGet());
      message.putArray("content");
      message.putNull("stop_reason");
      message.set("usage", usage(1));
      start.set("message", message);
      events.add(Sse.of("message_start", start));
      ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start");
      blockStart.put("index", 0).putObject("content_block").put("type", "text").put("text", "");
      events.add(Sse.of("content_block_start", blockStart));
      events.add(Sse.of("ping", JSON.createObjectNode().put("type", "ping")));
      for (String piece : PIECES) {
        ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta");
        delta.put("index", 0).putObject("delta").put("type", "text_delta").put("text", piece);
        events.add(Sse.of("content_block_delta", delta));
      }
      events.add(Sse.of("content_block_stop",
          JSON.createObjectNode().put("type", "content_block_stop").put("index", 0)));
      ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
      messageDelta.putObject("delta").put("stop_reason", STOP_REASON).putNull("stop_sequence");
      messageDelta.putObject("usage").put("output_tokens", OUTPUT_TOKENS);
      events.add(Sse.of("message_delta", messageDelta));
      events.add(Sse.of("message_stop", JSON.createObjectNode().put("type", "message_stop")));
      return events;
    }

    private static ObjectNode message(JsonNode request, String id) {
      ObjectNode message = JSON.createObjectNode();
      message.put("id", id);
      message.put("type", "message");
      message.put("role", "assistant");
      message.put("model", request.path("model").asText());
      message.putNull("stop_sequence");
      return message;
    }

    private static ObjectNode usage(long outputTokens) {
      ObjectNode usage = JSON.createObjectNode();
      usage.put("input_tokens", INPUT_TOKENS);
      usage.put("cache_creation_input_tokens", CACHE_CREATION_TOKENS);
      usage.put("cache_read_input_tokens", CACHE_READ_TOKENS);
      usage.put("output_tokens", outputTokens);
      usage.put("service_tier", "standard");
      return usage;
    }
  }
}
