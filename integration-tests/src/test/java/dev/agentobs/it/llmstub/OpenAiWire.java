/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it.llmstub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** OpenAI's chat-completions wire format: the JSON body, the SSE chunks, the error body. */
final class OpenAiWire {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long CREATED = 1_767_225_600L;

  static String completion(String id, String model, OpenAiReply reply) {
    ObjectNode body = head(id, model, "chat.completion");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", reply.content());
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", reply.finishReason());
    usage(body, reply);
    body.put("system_fingerprint", "fp_stub");
    return body.toString();
  }

  /**
   * The {@code data:} payloads of a streamed answer: the role, the content in a few pieces, the
   * finish reason, and, when the client asked with {@code stream_options.include_usage}, a last
   * chunk with no choices and the usage.
   */
  static List<String> chunks(String id, String model, OpenAiReply reply, boolean includeUsage) {
    List<String> chunks = new ArrayList<>();
    ObjectNode first = head(id, model, "chat.completion.chunk");
    ObjectNode delta = choice(first, null);
    delta.put("role", "assistant");
    delta.put("content", "");
    chunks.add(first.toString());
    String content = reply.content();
    int step = Math.max(1, content.length() / 3);
    for (int i = 0; i < content.length(); i += step) {
      ObjectNode piece = head(id, model, "chat.completion.chunk");
      choice(piece, null).put("content", content.substring(i, Math.min(content.length(), i + step)));
      chunks.add(piece.toString());
    }
    ObjectNode last = head(id, model, "chat.completion.chunk");
    choice(last, reply.finishReason());
    chunks.add(last.toString());
    if (includeUsage) {
      ObjectNode usage = head(id, model, "chat.completion.chunk");
      usage.putArray("choices");
      usage(usage, reply);
      chunks.add(usage.toString());
    }
    return chunks;
  }

  static String error(OpenAiReply reply) {
    ObjectNode body = MAPPER.createObjectNode();
    ObjectNode error = body.putObject("error");
    if (reply.status() == 429) {
      error.put("message", "Rate limit reached for requests. Please try again in 20ms.");
      error.put("type", "requests");
    } else {
      error.put("message", "The server had an error while processing your request. Sorry about that!");
      error.put("type", "server_error");
    }
    error.putNull("param");
    if (reply.errorCode() == null) {
      error.putNull("code");
    } else {
      error.put("code", reply.errorCode());
    }
    return body.toString();
  }

  private static ObjectNode head(String id, String model, String object) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("id", id);
    body.put("object", object);
    body.put("created", CREATED);
    body.put("model", model);
    return body;
  }

  private static ObjectNode choice(ObjectNode chunk, String finishReason) {
    ArrayNode choices = chunk.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return delta;
  }

  private static void usage(ObjectNode body, OpenAiReply reply) {
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", reply.promptTokens());
    usage.put("completion_tokens", reply.completionTokens());
    usage.put("total_tokens", reply.promptTokens() + reply.completionTokens());
    ObjectNode prompt = usage.putObject("prompt_tokens_details");
    prompt.put("cached_tokens", reply.cachedTokens());
    prompt.put("audio_tokens", 0);
    ObjectNode completion = usage.putObject("completion_tokens_details");
    completion.put("reasoning_tokens", 0);
    completion.put("audio_tokens", 0);
    completion.put("accepted_prediction_tokens", 0);
    completion.put("rejected_prediction_tokens", 0);
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }

  private OpenAiWire() {}
}
