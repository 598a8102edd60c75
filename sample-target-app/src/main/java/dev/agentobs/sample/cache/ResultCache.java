/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.cache;

import dev.agentobs.bootstrap.AgentCache;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An in-memory LRU cache of completed tasks, keyed by the task text. */
public final class ResultCache {

  private final Map<String, TaskResult> entries;

  /**
   * Creates the cache.
   *
   * @param maxEntries how many results to keep; the least recently used is evicted first
   */
  public ResultCache(int maxEntries) {
    this.entries = new Lru(maxEntries);
  }

  /**
   * Looks a task up.
   *
   * @param task the task text
   * @return the cached result, or empty on a miss
   */
  @AgentCache("results")
  public Optional<TaskResult> lookup(String task) {
    synchronized (entries) {
      return Optional.ofNullable(entries.get(task));
    }
  }

  /**
   * Stores a successful result under its task text.
   *
   * @param result the result
   */
  public void store(TaskResult result) {
    synchronized (entries) {
      entries.put(result.task(), result);
    }
  }

  private static final class Lru extends LinkedHashMap<String, TaskResult> {
    private static final long serialVersionUID = 1L;
    private final int maxEntries;

    Lru(int maxEntries) {
      super(16, 0.75f, true);
      this.maxEntries = maxEntries;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TaskResult> eldest) {
      return size() > maxEntries;
    }
  }
}
