/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs.correlation;

import dev.agentobs.agent.internal.AgentLog;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The context maps each class loader sees, found once per loader. Most services have one loader for
 * all their requests, so the last answer is kept in front of the map and costs a volatile read; the
 * map holds its loaders weakly, so a redeployed web app's loader can still be collected.
 */
final class ContextMaps {

  static final ContextMap[] NONE = new ContextMap[0];

  private final Map<ClassLoader, ContextMap[]> byLoader = new WeakHashMap<>();
  private volatile Last last;

  /** The maps the app's code running with {@code loader} logs through; empty when it has none. */
  ContextMap[] of(ClassLoader loader) {
    if (loader == null) {
      loader = ClassLoader.getSystemClassLoader();
    }
    Last front = last;
    if (front != null && front.loader.get() == loader) {
      return front.maps;
    }
    ContextMap[] maps;
    synchronized (byLoader) {
      maps = byLoader.get(loader);
      if (maps == null) {
        maps = find(loader);
        byLoader.put(loader, maps);
      }
    }
    last = new Last(loader, maps);
    return maps;
  }

  private static ContextMap[] find(ClassLoader loader) {
    List<ContextMap> found = new ArrayList<>(2);
    for (String name : ContextMap.CLASS_NAMES) {
      ContextMap map = ContextMap.find(name, loader);
      if (map != null) {
        found.add(map);
      }
    }
    AgentLog.debug("log correlation for " + loader + ": " + (found.isEmpty() ? "none" : found));
    return found.isEmpty() ? NONE : found.toArray(NONE);
  }

  private static final class Last {
    final WeakReference<ClassLoader> loader;
    final ContextMap[] maps;

    Last(ClassLoader loader, ContextMap[] maps) {
      this.loader = new WeakReference<>(loader);
      this.maps = maps;
    }
  }
}
