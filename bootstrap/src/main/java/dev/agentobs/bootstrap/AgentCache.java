/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bootstrap;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a cache lookup method so the agent counts hits and misses in {@code
 * agent_cache_hits_total{hit="true|false"}}.
 *
 * <p>A call that returns {@code null}, an empty {@link java.util.Optional}, or an empty {@link
 * java.util.Collection}, {@link java.util.Map}, {@link CharSequence} or array is a miss; any other
 * return value is a hit. A call that throws counts as neither.
 *
 * <pre>{@code
 * @AgentCache
 * Optional<Result> lookup(String task) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AgentCache {

  /**
   * A name for the cache, reported on the span event and in debug logs.
   *
   * @return the cache name, or empty for the declaring class's simple name
   */
  String value() default "";
}
