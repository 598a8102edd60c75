/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.stainless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.sdk.core.http.AsyncStreamResponse;
import com.example.sdk.core.http.StreamResponse;
import dev.agentobs.agent.instrumentation.llm.LlmCalls;
import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.SelfStats;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The streamed and asynchronous responses of a Stainless-shaped SDK ({@code com.example.sdk}),
 * driven through the hooks' logic the way the advice calls it: the application sees exactly what
 * the SDK gave, and the call ends once, when the stream or future does.
 */
class StainlessLibraryTest {

  private final List<LlmCallObservation> ended = new CopyOnWriteArrayList<>();
  private final Observer observer =
      new Observer(
          List.of(
              new ObservationListener() {
                @Override
                public void onLlmCallEnd(LlmCallObservation call) {
                  ended.add(call);
                }
              }),
          new SelfStats());
  private final LlmCalls calls = new LlmCalls(observer, new EventsLibrary());

  @Test
  void aStreamPassesEveryEventUnchangedAndEndsTheCallWhenExhausted() {
    Object returned = call(new ListStream(List.of("a", "b", "usage:7")));

    @SuppressWarnings("unchecked")
    StreamResponse<String> app = (StreamResponse<String>) returned;
    assertThat(ended).as("nothing ended before the stream was read").isEmpty();
    List<String> read;
    try (Stream<String> events = app.stream()) {
      read = events.collect(Collectors.toList());
    }
    app.close();

    assertThat(read).containsExactly("a", "b", "usage:7");
    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).outputTokens()).isEqualTo(7);
    assertThat(ended.get(0).finishReasons()).containsExactly("b");
    assertThat(ended.get(0).failed()).isFalse();
  }

  @Test
  void closingAStreamEarlyEndsTheCallWithWhatWasSeen() {
    ListStream sdk = new ListStream(List.of("a", "b", "usage:7"));
    @SuppressWarnings("unchecked")
    StreamResponse<String> app = (StreamResponse<String>) call(sdk);

    Iterator<String> events = app.stream().iterator();
    assertThat(events.next()).isEqualTo("a");
    app.close();

    assertThat(sdk.closed).isTrue();
    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).hasUsage()).isFalse();
  }

  @Test
  void aStreamThatFailsWhileReadFailsTheCallAndTheAppGetsTheSameException() {
    IllegalStateException broken = new IllegalStateException("connection reset");
    StreamResponse<String> sdk =
        new ListStream(List.of("a")) {
          @Override
          public Stream<String> stream() {
            return Stream.of("a", "b")
                .map(
                    e -> {
                      if (e.equals("b")) {
                        throw broken;
                      }
                      return e;
                    });
          }
        };
    @SuppressWarnings("unchecked")
    StreamResponse<String> app = (StreamResponse<String>) call(sdk);

    assertThatThrownBy(() -> app.stream().forEach(e -> {})).isSameAs(broken);
    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).error()).isSameAs(broken);
  }

  @Test
  void anAsyncStreamEndsTheCallBeforeTheAppsHandlerCompletes() {
    AsyncListStream sdk = new AsyncListStream(List.of("x", "usage:3"));
    @SuppressWarnings("unchecked")
    AsyncStreamResponse<String> app = (AsyncStreamResponse<String>) call(sdk);
    List<String> seen = new ArrayList<>();
    List<Integer> endedWhenCompleted = new ArrayList<>();

    AsyncStreamResponse<String> chained =
        app.subscribe(
            new AsyncStreamResponse.Handler<String>() {
              @Override
              public void onNext(String value) {
                seen.add(value);
              }

              @Override
              public void onComplete(Optional<Throwable> error) {
                endedWhenCompleted.add(ended.size());
              }
            });

    assertThat(chained).as("subscribe chains on the stand-in").isSameAs(app);
    assertThat(seen).containsExactly("x", "usage:3");
    assertThat(endedWhenCompleted).containsExactly(1);
    assertThat(ended.get(0).outputTokens()).isEqualTo(3);
  }

  @Test
  void anAsyncCallEndsWhenItsFutureCompletesAndTheFutureIsTheAppsOwn() {
    CompletableFuture<Object> future = new CompletableFuture<>();
    Object scope = calls.enter("events", this, "request");
    Object returned = callbackOrSame(scope, future);
    calls.exit(scope, returned, null);

    assertThat(returned).isSameAs(future);
    assertThat(ended).isEmpty();
    future.completeExceptionally(
        new CompletionException(new IllegalArgumentException("429")));
    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).errorType()).isEqualTo(IllegalArgumentException.class.getName());
  }

  @Test
  void aNestedCallIsNotWrapped() {
    Object outer = calls.enter("events", this, "request");
    Object inner = calls.enter("events", this, "request");
    ListStream sdk = new ListStream(List.of("a"));
    Object returned = callbackOrSame(inner, sdk);
    calls.exit(inner, returned, null);
    calls.exit(outer, "done", null);

    assertThat(returned).isSameAs(sdk);
    assertThat(ended).hasSize(1);
  }

  /** What the advice does: enter, the returned value through the callback hook, exit. */
  private Object call(Object sdkResponse) {
    Object scope = calls.enter("events", this, "request");
    Object returned = callbackOrSame(scope, sdkResponse);
    calls.exit(scope, returned, null);
    return returned;
  }

  private Object callbackOrSame(Object scope, Object returned) {
    Object wrapped = calls.callback(scope, returned);
    return wrapped == null ? returned : wrapped;
  }

  /** Reads events {@code "usage:N"} as N output tokens and any other as a finish reason. */
  private static final class EventsLibrary extends StainlessLibrary {
    EventsLibrary() {
      super("events", "com.example.sdk");
    }

    @Override
    public void request(LlmCallObservation call, Object client, Object request) {
      call.setRequest("chat", "example", "m");
    }

    @Override
    public void response(LlmCallObservation call, Object response) {
      if (!(response instanceof String)) {
        return;
      }
      String event = (String) response;
      if (event.startsWith("usage:")) {
        call.setUsage(-1, Long.parseLong(event.substring(6)), -1, -1);
      } else {
        call.setResponse(null, null, new String[] {event});
      }
    }
  }

  private static class ListStream implements StreamResponse<String> {
    private final List<String> events;
    boolean closed;

    ListStream(List<String> events) {
      this.events = events;
    }

    @Override
    public Stream<String> stream() {
      return events.stream();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static final class AsyncListStream implements AsyncStreamResponse<String> {
    private final List<String> events;

    AsyncListStream(List<String> events) {
      this.events = events;
    }

    @Override
    public AsyncStreamResponse<String> subscribe(Handler<? super String> handler) {
      events.forEach(handler::onNext);
      handler.onComplete(Optional.empty());
      return this;
    }

    @Override
    public CompletableFuture<Void> onCompleteFuture() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }
}
