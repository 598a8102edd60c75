/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.sdk.core.http;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The shape of a Stainless SDK's asynchronous streamed response, for tests. */
public interface AsyncStreamResponse<T> {

  AsyncStreamResponse<T> subscribe(Handler<? super T> handler);

  CompletableFuture<Void> onCompleteFuture();

  void close();

  /** Receives the events. */
  interface Handler<T> {
    void onNext(T value);

    void onComplete(Optional<Throwable> error);
  }
}
