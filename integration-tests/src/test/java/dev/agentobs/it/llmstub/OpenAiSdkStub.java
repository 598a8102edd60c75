/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it.llmstub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OpenAI's {@code /v1/chat/completions} and {@code /v1/responses}, JSON and streamed, answering
 * every prompt with {@link #ANSWER} and a fixed usage that includes cached prompt tokens, or with
 * the error its model name asks for (see {@link LlmStubServer}): what the official SDK's tests need,
 * where {@link OpenAiStub} serves scripted chat completions. A streamed chat completion reports its
 * usage in a last chunk only when the request asked for it with {@code
 * stream_options.include_usage}, as OpenAI does.
 */
public final class OpenAiSdkStub extends LlmStubServer {

  public static final String ANSWER = "Hello from the stub";
  public static final long CHAT_PROMPT_TOKENS = 1200;
  public static final long CHAT_COMPLETION_TOKENS = 300;
  public static final long CHAT_CACHED_TOKENS = 1000;
  public static final long RESPONSES_INPUT_TOKENS = 2000;
  public static final long RESPONSES_OUTPUT_TOKENS = 500;
  public static final long RESPONSES_CACHED_TOKENS = 1500;
  private static final String[] PIECES = {"Hello", " from", " the stub"};
  private static final long CREATED = 1_764_000_000L;

  private static final AtomicInteger IDS = new AtomicInteger();

  public OpenAiSdkStub() {
    super(Map.of("/v1/chat/completions", new Chat(), "/v1/responses", new Responses()));
  }

  /** The OpenAI SDK's base URL includes the API version. */
  @Override
  public String baseUrl() {
    return origin() + "/v1";
  }

  @Override
  String errorBody(int status, String message) {
    return OpenAiWire.error(status == 429 ? OpenAiReply.rateLimited() : OpenAiReply.serverError());
  }

  /** Chat completions, in the wire format {@link OpenAiWire} writes for {@link OpenAiStub}. */
  private static final class Chat implements Route {
    private static final OpenAiReply REPLY =
        OpenAiReply.completion(
            null, ANSWER, CHAT_PROMPT_TOKENS, CHAT_COMPLETION_TOKENS, CHAT_CACHED_TOKENS);

    @Override
    public String json(JsonNode request) {
      return OpenAiWire.completion(id(), request.path("model").asText(), REPLY);
    }

    @Override
    public List<Sse> events(JsonNode request) {
      boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean();
      List<Sse> events = new ArrayList<>();
      for (String chunk :
          OpenAiWire.chunks(id(), request.path("model").asText(), REPLY, includeUsage)) {
        events.add(new Sse(null, chunk));
      }
      events.add(new Sse(null, "[DONE]"));
      return events;
    }

    private static String id() {
      return "chatcmpl-stub-" + IDS.incrementAndGet();
    }
  }

  private static final class Responses implements Route {
    @Override
    public String json(JsonNode request) {
      return response(request, "resp_stub_" + IDS.incrementAndGet(), true).toString();
    }

    @Override
    public List<Sse> events(JsonNode request) {
      String id = "resp_stub_" + IDS.incrementAndGet();
      List<Sse> events = new ArrayList<>();
      int sequence = 0;
      ObjectNode created = JSON.createObjectNode().put("type", "response.created");
      created.put("sequence_number", sequence++).set("response", response(request, id, false));
      events.add(Sse.of("response.created", created));
      for (String piece : PIECES) {
        ObjectNode delta = JSON.createObjectNode().put("type", "response.output_text.delta");
        delta.put("item_id", "msg_stub").put("output_index", 0).put("content_index", 0);
        delta.put("delta", piece).put("sequence_number", sequence++).putArray("logprobs");
        events.add(Sse.of("response.output_text.delta", delta));
      }
      ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
      completed.put("sequence_number", sequence).set("response", response(request, id, true));
      events.add(Sse.of("response.completed", completed));
      return events;
    }

    private static ObjectNode response(JsonNode request, String id, boolean completed) {
      ObjectNode body = JSON.createObjectNode();
      body.put("id", id);
      body.put("object", "response");
      body.put("created_at", CREATED);
      body.put("status", completed ? "completed" : "in_progress");
      body.putNull("error");
      body.putNull("incomplete_details");
      body.putNull("instructions");
      body.putObject("metadata");
      body.put("model", request.path("model").asText());
      ArrayNode output = body.putArray("output");
      if (completed) {
        ObjectNode message = output.addObject();
        message.put("type", "message").put("id", "msg_stub").put("status", "completed");
        message.put("role", "assistant");
        ObjectNode text = message.putArray("content").addObject();
        text.put("type", "output_text").put("text", ANSWER).putArray("annotations");
      }
      body.put("parallel_tool_calls", true);
      body.put("temperature", 1.0);
      body.put("tool_choice", "auto");
      body.putArray("tools");
      body.put("top_p", 1.0);
      if (completed) {
        ObjectNode usage = body.putObject("usage");
        usage.put("input_tokens", RESPONSES_INPUT_TOKENS);
        usage.putObject("input_tokens_details").put("cached_tokens", RESPONSES_CACHED_TOKENS);
        usage.put("output_tokens", RESPONSES_OUTPUT_TOKENS);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", RESPONSES_INPUT_TOKENS + RESPONSES_OUTPUT_TOKENS);
      } else {
        body.putNull("usage");
      }
      return body;
    }
  }
}
