/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import static dev.agentobs.it.llmstub.ProbeOutcome.done;
import static dev.agentobs.it.llmstub.ProbeOutcome.report;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.agentobs.bootstrap.AgentPhase;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Calls the official OpenAI Java SDK in every mode, against the stub whose base URL is the first
 * argument, run in source-file mode by OpenAiSdkIT. Each call sits in its own top-level phase, so
 * each is one task of its own; stdout is the agent's, and on stderr each line {@code <phase>:
 * <what the SDK gave the app>} lets the test check that results and exceptions passed unchanged.
 */
public class OpenAiSdkCalls {

  private final OpenAIClient client;

  OpenAiSdkCalls(String baseUrl) {
    client = OpenAIOkHttpClient.builder().apiKey("sk-stub").baseUrl(baseUrl).build();
  }

  @AgentPhase(value = "chat-sync", agent = "openai-probe")
  String chatSync() {
    ChatCompletion completion = client.chat().completions().create(chat("gpt-4o"));
    return completion.id() + " " + completion.choices().get(0).message().content().orElse("");
  }

  @AgentPhase(value = "chat-async", agent = "openai-probe")
  String chatAsync() throws Exception {
    ChatCompletion completion =
        client.async().chat().completions().create(chat("gpt-4o-mini")).get();
    return completion.id() + " " + completion.choices().get(0).message().content().orElse("");
  }

  @AgentPhase(value = "chat-raw", agent = "openai-probe")
  String chatRaw() {
    var raw = client.chat().completions().withRawResponse().create(chat("gpt-4o"));
    return raw.statusCode() + " " + raw.parse().choices().get(0).message().content().orElse("");
  }

  @AgentPhase(value = "chat-stream", agent = "openai-probe")
  String chatStream() {
    ChatCompletionCreateParams params =
        chat("gpt-4.1").toBuilder()
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream()
          .flatMap(chunk -> chunk.choices().stream())
          .forEach(choice -> choice.delta().content().ifPresent(text::append));
    }
    return text.toString();
  }

  @AgentPhase(value = "chat-stream-no-usage", agent = "openai-probe")
  String chatStreamWithoutUsage() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("gpt-4o"))) {
      stream.stream()
          .flatMap(chunk -> chunk.choices().stream())
          .forEach(choice -> choice.delta().content().ifPresent(text::append));
    }
    return text.toString();
  }

  @AgentPhase(value = "chat-stream-async", agent = "openai-probe")
  String chatStreamAsync() throws Exception {
    ChatCompletionCreateParams params =
        chat("gpt-4o-mini").toBuilder()
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    StringBuilder text = new StringBuilder();
    CompletableFuture<Void> completed = new CompletableFuture<>();
    AsyncStreamResponse<ChatCompletionChunk> stream =
        client.async().chat().completions().createStreaming(params);
    stream.subscribe(
        new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
          @Override
          public void onNext(ChatCompletionChunk chunk) {
            chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
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

  @AgentPhase(value = "responses-sync", agent = "openai-probe")
  String responsesSync() {
    Response response = client.responses().create(responses("gpt-4.1"));
    return response.id() + " " + response.status().map(Object::toString).orElse("");
  }

  @AgentPhase(value = "responses-async", agent = "openai-probe")
  String responsesAsync() throws Exception {
    Response response = client.async().responses().create(responses("gpt-4o")).get();
    return response.id() + " " + response.status().map(Object::toString).orElse("");
  }

  @AgentPhase(value = "responses-stream", agent = "openai-probe")
  String responsesStream() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(responses("gpt-4.1"))) {
      stream.stream()
          .forEach(event -> event.outputTextDelta().ifPresent(d -> text.append(d.delta())));
    }
    return text.toString();
  }

  @AgentPhase(value = "responses-stream-async", agent = "openai-probe")
  String responsesStreamAsync() throws Exception {
    StringBuilder text = new StringBuilder();
    AsyncStreamResponse<ResponseStreamEvent> stream =
        client.async().responses().createStreaming(responses("gpt-4o-mini"));
    stream.subscribe(
        event -> event.outputTextDelta().ifPresent(d -> text.append(d.delta())));
    stream.onCompleteFuture().get();
    return text.toString();
  }

  @AgentPhase(value = "chat-retried", agent = "openai-probe")
  String chatRetried() {
    return client.chat().completions().create(chat("gpt-4o-flaky")).id();
  }

  @AgentPhase(value = "chat-rate-limited", agent = "openai-probe")
  String chatRateLimited() {
    return client.chat().completions().create(chat("gpt-4o-429")).id();
  }

  @AgentPhase(value = "chat-async-failing", agent = "openai-probe")
  String chatAsyncFailing() throws Throwable {
    try {
      return client.async().chat().completions().create(chat("gpt-4o-500")).get().id();
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }

  private static ChatCompletionCreateParams chat(String model) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addUserMessage("Say hello")
        .build();
  }

  private static ResponseCreateParams responses(String model) {
    return ResponseCreateParams.builder().model(model).input("Say hello").build();
  }

  public static void main(String[] args) throws Throwable {
    OpenAiSdkCalls calls = new OpenAiSdkCalls(args[0]);
    report("chat-sync", calls::chatSync);
    report("chat-async", calls::chatAsync);
    report("chat-raw", calls::chatRaw);
    report("chat-stream", calls::chatStream);
    report("chat-stream-no-usage", calls::chatStreamWithoutUsage);
    report("chat-stream-async", calls::chatStreamAsync);
    report("responses-sync", calls::responsesSync);
    report("responses-async", calls::responsesAsync);
    report("responses-stream", calls::responsesStream);
    report("responses-stream-async", calls::responsesStreamAsync);
    report("chat-retried", calls::chatRetried);
    report("chat-rate-limited", calls::chatRateLimited);
    report("chat-async-failing", calls::chatAsyncFailing);
    calls.client.close();
    done();
  }
}
