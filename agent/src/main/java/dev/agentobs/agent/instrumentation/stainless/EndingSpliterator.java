/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.stainless;

import java.util.Spliterator;
import java.util.function.Consumer;

/**
 * The SDK's stream of events, element for element, showing each to {@link StreamEvents} before the
 * application and telling it when the stream is exhausted or fails while being read.
 */
final class EndingSpliterator<T> implements Spliterator<T> {

  private final Spliterator<T> delegate;
  private final StreamEvents events;

  EndingSpliterator(Spliterator<T> delegate, StreamEvents events) {
    this.delegate = delegate;
    this.events = events;
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    boolean advanced;
    try {
      advanced =
          delegate.tryAdvance(
              event -> {
                events.event(event);
                action.accept(event);
              });
    } catch (RuntimeException | Error e) {
      events.fail(e);
      throw e;
    }
    if (!advanced) {
      events.end();
    }
    return advanced;
  }

  @Override
  public Spliterator<T> trySplit() {
    return null; // the events arrive one after another; they are read in order
  }

  @Override
  public long estimateSize() {
    return delegate.estimateSize();
  }

  @Override
  public int characteristics() {
    return delegate.characteristics() & ~(SIZED | SUBSIZED);
  }
}
