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
 * Marks a method as one phase of an AI agent's work (planning, execution, synthesis, ...).
 *
 * <p>With the agent attached, every call of an annotated method is observed: it gets an INTERNAL
 * span named after the phase, a {@code agent_phase_duration_seconds} observation and {@code
 * phase_start} / {@code phase_complete} / {@code phase_error} log events, all carrying the request
 * id of the request in progress. Without the agent the annotation does nothing.
 *
 * <pre>{@code
 * @AgentPhase("planning")
 * Plan plan(String task) { ... }
 *
 * @AgentPhase(value = "execution", agent = "research")
 * StepResult research(Plan.Step step) { ... }
 * }</pre>
 *
 * <p>If the method returns an object that reports token usage (see the README's "tokens"
 * convention), the tokens are counted in {@code agent_tokens_used_total}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AgentPhase {

  /**
   * The phase name, used as the span name and the {@code phase} metric label. Keep it a small, fixed
   * vocabulary: it is a metric label.
   *
   * @return the phase name
   */
  String value();

  /**
   * The agent type doing the work, e.g. {@code "research"}; the {@code agent_type} label. Empty
   * means: inherit from the enclosing phase, or {@code "default"} at the top.
   *
   * @return the agent type, or empty to inherit
   */
  String agent() default "";
}
