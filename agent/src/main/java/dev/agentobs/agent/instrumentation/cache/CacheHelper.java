/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.cache;

import dev.agentobs.agent.observation.Observer;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The logic behind {@link CacheAdvice}: is a lookup's result a hit? */
public final class CacheHelper {

  private final Observer observer;

  public CacheHelper(Observer observer) {
    this.observer = observer;
  }

  public void exit(String cache, String declaringType, Object returned, Throwable thrown) {
    if (thrown != null) {
      return; // a failed lookup is neither a hit nor a miss
    }
    String name = cache.isEmpty() ? simpleName(declaringType) : cache;
    observer.cacheLookup(name, isHit(returned));
  }

  static boolean isHit(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Optional) {
      return ((Optional<?>) value).isPresent();
    }
    if (value instanceof Collection) {
      return !((Collection<?>) value).isEmpty();
    }
    if (value instanceof Map) {
      return !((Map<?, ?>) value).isEmpty();
    }
    if (value instanceof CharSequence) {
      return ((CharSequence) value).length() > 0;
    }
    if (value.getClass().isArray()) {
      return Array.getLength(value) > 0;
    }
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    return true;
  }

  private static String simpleName(String type) {
    int dot = Math.max(type.lastIndexOf('.'), type.lastIndexOf('$'));
    return dot < 0 ? type : type.substring(dot + 1);
  }
}
