/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import dev.agentobs.bootstrap.AgentPhase;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A program of ours calling LangChain4j's OpenAI models against a stub at {@code args[0]}, one
 * phase (a root task) per call: a chat, a streamed chat, a chat the provider rate-limits and a
 * streamed chat the provider fails. No observability code: the agent sees the library's calls.
 * Prints "llm calls done" to stderr, then waits to be stopped, so its metrics can be scraped.
 */
public class LangChain4jCalls {

  private final ChatModel chat;
  private final StreamingChatModel streaming;

  LangChain4jCalls(String baseUrl) {
    chat =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey("sk-test")
            .modelName("gpt-4o")
            .maxRetries(0)
            .build();
    streaming =
        OpenAiStreamingChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey("sk-test")
            .modelName("gpt-4o-mini")
            .build();
  }

  public static void main(String[] args) throws Exception {
    LangChain4jCalls calls = new LangChain4jCalls(args[0]);
    System.err.println("answer: " + calls.answer());
    System.err.println("streamed: " + calls.stream());
    System.err.println("limited: " + calls.limited());
    System.err.println("broken: " + calls.brokenStream());
    System.err.println("llm calls done");
    Thread.sleep(TimeUnit.MINUTES.toMillis(2));
  }

  @AgentPhase(value = "answer", agent = "writer")
  String answer() {
    return chat.chat("Say hello");
  }

  @AgentPhase(value = "stream", agent = "streamer")
  String stream() throws Exception {
    return streamed("Stream it").aiMessage().text();
  }

  @AgentPhase(value = "limited", agent = "writer")
  String limited() {
    try {
      return chat.chat("One more, please");
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  @AgentPhase(value = "broken", agent = "streamer")
  String brokenStream() throws Exception {
    try {
      return streamed("Stream again").aiMessage().text();
    } catch (ExecutionException e) {
      return e.getCause().getClass().getSimpleName();
    }
  }

  private ChatResponse streamed(String prompt) throws Exception {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streaming.chat(
        prompt,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {}

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    return done.get(30, TimeUnit.SECONDS);
  }
}
