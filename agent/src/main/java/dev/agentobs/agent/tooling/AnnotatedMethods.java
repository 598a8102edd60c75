/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matching for instrumentations driven by one of our annotations, by its name only, so the agent
 * never loads it. Our own package is never relocated by the shade plugin, so these names survive
 * shading unchanged.
 */
public final class AnnotatedMethods {

  /** The annotation's descriptor as it stands in the constant pool: the pre-filter's marker. */
  public static String marker(String annotation) {
    return "L" + annotation.replace('.', '/') + ";";
  }

  /** Types declaring at least one annotated method. */
  public static ElementMatcher.Junction<TypeDescription> declaringTypes(String annotation) {
    return declaresMethod(isAnnotatedWith(named(annotation)));
  }

  /**
   * The annotated methods that have a body (constructors excluded), but bridges: javac copies a
   * method's annotations onto the bridge it makes for a generic or covariant override, and a call
   * through the bridge would otherwise be observed twice, the bridge around the method.
   */
  public static ElementMatcher.Junction<MethodDescription> methods(String annotation) {
    return isMethod()
        .and(isAnnotatedWith(named(annotation)))
        .and(not(isAbstract()))
        .and(not(isBridge()));
  }

  private AnnotatedMethods() {}
}
