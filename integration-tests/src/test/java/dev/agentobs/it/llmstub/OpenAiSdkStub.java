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
 * every prompt with {@link #ANSWER} and a fixed usage that includes cached prompt tokens. A streamed
 * chat completion reports its usage in a last chunk only when the request asked for it with {@code
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
  ObjectNode errorBody(int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message);
    error.put("type", status == 429 ? "requests" : "server_error");
    error.putNull("param");
    error.put("code", status == 429 ? "rate_limit_exceeded" : null);
    return body;
  }

  private static final class Chat implements Route {
    @Override
    public JsonNode json(JsonNode request) {
      ObjectNode body = completion(request, "chat.completion");
      ObjectNode choice = body.putArray("choices").addObject();
      choice.put("index", 0);
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant");
      message.put("content", ANSWER);
      message.putNull("refusal");
      message.putArray("annotations");
      choice.putNull("logprobs");
      choice.put("finish_reason", "stop");
      body.set("usage", usage());
      return body;
    }

    @Override
    public List<Sse> events(JsonNode request) {
      String id = "chatcmpl-stub-" + IDS.incrementAndGet();
      List<Sse> events = new ArrayList<>();
      for (int i = 0; i <= PIECES.length; i++) {
        ObjectNode chunk = completion(request, "chat.completion.chunk").put("id", id);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (i == 0) {
          delta.put("role", "assistant");
        }
        if (i < PIECES.length) {
          delta.put("content", PIECES[i]);
          choice.putNull("finish_reason");
        } else {
          choice.put("finish_reason", "stop");
        }
        choice.putNull("logprobs");
        chunk.putNull("usage");
        events.add(Sse.of(null, chunk));
      }
      if (request.path("stream_options").path("include_usage").asBoolean(false)) {
        ObjectNode last = completion(request, "chat.completion.chunk").put("id", id);
        last.putArray("choices");
        last.set("usage", usage());
        events.add(Sse.of(null, last));
      }
      events.add(new Sse(null, "[DONE]"));
      return events;
    }

    private static ObjectNode completion(JsonNode request, String object) {
      ObjectNode body = JSON.createObjectNode();
      body.put("id", "chatcmpl-stub-" + IDS.incrementAndGet());
      body.put("object", object);
      body.put("created", CREATED);
      body.put("model", request.path("model").asText());
      body.put("system_fingerprint", "fp_stub");
      body.put("service_tier", "default");
      return body;
    }

    private static ObjectNode usage() {
      ObjectNode usage = JSON.createObjectNode();
      usage.put("prompt_tokens", CHAT_PROMPT_TOKENS);
      usage.put("completion_tokens", CHAT_COMPLETION_TOKENS);
      usage.put("total_tokens", CHAT_PROMPT_TOKENS + CHAT_COMPLETION_TOKENS);
      usage.putObject("prompt_tokens_details").put("cached_tokens", CHAT_CACHED_TOKENS)
          .put("audio_tokens", 0);
      usage.putObject("completion_tokens_details").put("reasoning_tokens", 0)
          .put("audio_tokens", 0).put("accepted_prediction_tokens", 0)
          .put("rejected_prediction_tokens", 0);
      return usage;
    }
  }

  private static final class Responses implements Route {
    @Override
    public JsonNode json(JsonNode request) {
      return response(request, "resp_stub_" + IDS.incrementAndGet(), true);
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
