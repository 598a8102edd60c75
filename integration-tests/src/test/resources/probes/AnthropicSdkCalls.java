/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import static dev.agentobs.it.llmstub.ProbeOutcome.done;
import static dev.agentobs.it.llmstub.ProbeOutcome.report;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.agentobs.bootstrap.AgentPhase;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Calls the official Anthropic Java SDK's messages API in every mode, against the stub whose base
 * URL is the first argument, run in source-file mode by AnthropicSdkIT. Each call sits in its own
 * top-level phase, so each is one task of its own; stdout is the agent's, and on stderr each line
 * {@code <phase>: <what the SDK gave the app>} lets the test check that results and exceptions
 * passed unchanged.
 */
public class AnthropicSdkCalls {

  private final AnthropicClient client;

  AnthropicSdkCalls(String baseUrl) {
    client = AnthropicOkHttpClient.builder().apiKey("sk-ant-stub").baseUrl(baseUrl).build();
  }

  @AgentPhase(value = "messages-sync", agent = "anthropic-probe")
  String messagesSync() {
    return describe(client.messages().create(params("claude-sonnet-4-5")));
  }

  @AgentPhase(value = "messages-async", agent = "anthropic-probe")
  String messagesAsync() throws Exception {
    return describe(client.async().messages().create(params("claude-haiku-4-5")).get());
  }

  @AgentPhase(value = "messages-raw", agent = "anthropic-probe")
  String messagesRaw() {
    var raw = client.messages().withRawResponse().create(params("claude-sonnet-4-5"));
    return raw.statusCode() + " " + describe(raw.parse());
  }

  @AgentPhase(value = "messages-stream", agent = "anthropic-probe")
  String messagesStream() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(params("claude-opus-4-1"))) {
      stream.stream().forEach(event -> append(event, text));
    }
    return text.toString();
  }

  @AgentPhase(value = "messages-stream-async", agent = "anthropic-probe")
  String messagesStreamAsync() throws Exception {
    StringBuilder text = new StringBuilder();
    CompletableFuture<Void> completed = new CompletableFuture<>();
    AsyncStreamResponse<RawMessageStreamEvent> stream =
        client.async().messages().createStreaming(params("claude-sonnet-4-5"));
    stream.subscribe(
        new AsyncStreamResponse.Handler<RawMessageStreamEvent>() {
          @Override
          public void onNext(RawMessageStreamEvent event) {
            append(event, text);
          }

          @Override
          public void onComplete(Optional<Throwable> error) {
            completed.complete(null);
          }
        });
    completed.get();
    stream.onCompleteFuture().get();
    return text.toString();
  }

  @AgentPhase(value = "messages-retried", agent = "anthropic-probe")
  String messagesRetried() {
    return client.messages().create(params("claude-sonnet-4-5-flaky")).id();
  }

  @AgentPhase(value = "messages-rate-limited", agent = "anthropic-probe")
  String messagesRateLimited() {
    return client.messages().create(params("claude-haiku-4-5-429")).id();
  }

  @AgentPhase(value = "messages-async-failing", agent = "anthropic-probe")
  String messagesAsyncFailing() throws Throwable {
    try {
      return client.async().messages().create(params("claude-sonnet-4-5-500")).get().id();
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }

  private static MessageCreateParams params(String model) {
    return MessageCreateParams.builder()
        .model(model)
        .maxTokens(1024)
        .addUserMessage("Say hello")
        .build();
  }

  private static String describe(Message message) {
    StringBuilder text = new StringBuilder();
    message.content().forEach(block -> block.text().ifPresent(t -> text.append(t.text())));
    return message.id() + " " + message.stopReason().map(Object::toString).orElse("") + " " + text;
  }

  private static void append(RawMessageStreamEvent event, StringBuilder text) {
    event.contentBlockDelta()
        .flatMap(delta -> delta.delta().text())
        .ifPresent(delta -> text.append(delta.text()));
  }

  public static void main(String[] args) throws Throwable {
    AnthropicSdkCalls calls = new AnthropicSdkCalls(args[0]);
    report("messages-sync", calls::messagesSync);
    report("messages-async", calls::messagesAsync);
    report("messages-raw", calls::messagesRaw);
    report("messages-stream", calls::messagesStream);
    report("messages-stream-async", calls::messagesStreamAsync);
    report("messages-retried", calls::messagesRetried);
    report("messages-rate-limited", calls::messagesRateLimited);
    report("messages-async-failing", calls::messagesAsyncFailing);
    calls.client.close();
    done();
  }
}
