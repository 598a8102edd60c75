/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Contexts waiting for objects whose identity must stay the application's (a started {@code
 * Thread}, a forked {@code ForkJoinTask}): the JDK classes are already loaded when the agent comes,
 * so no field can be added to them. Keys are weak, so an object that never runs (a task cancelled
 * before it started) takes its entry with it when it is collected.
 */
final class ContextStore {

  private final ConcurrentHashMap<Object, Object> entries = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

  /** Keeps {@code context} for {@code key} unless it has one already (one capture per task). */
  void putIfAbsent(Object key, Object context) {
    expunge();
    entries.putIfAbsent(new WeakKey(key, collected), context);
  }

  /** The context kept for {@code key}, removed, or {@code null}. */
  Object remove(Object key) {
    if (entries.isEmpty()) {
      return null;
    }
    return entries.remove(new Lookup(key));
  }

  int size() {
    expunge();
    return entries.size();
  }

  private void expunge() {
    for (Object ref; (ref = collected.poll()) != null; ) {
      entries.remove(ref);
    }
  }

  /** A stored key; equal to a {@link Lookup} of the same object. */
  private static final class WeakKey extends WeakReference<Object> {
    private final int hash;

    WeakKey(Object key, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = System.identityHashCode(key);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      Object referent = get();
      return referent != null && o instanceof Lookup && ((Lookup) o).key == referent;
    }
  }

  /** A short-lived probe: the map calls its {@code equals} with the stored keys. */
  private static final class Lookup {
    final Object key;

    Lookup(Object key) {
      this.key = key;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(key);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WeakKey && ((WeakKey) o).get() == key;
    }
  }
}
