/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.context;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * What the context instrumentations share: a few exact {@code java.base} classes, loaded before the
 * agent and so re-woven, whose woven code calls the hooks from the {@code java.base} module.
 */
public abstract class JdkConcurrencyInstrumentation implements AgentInstrumentation {

  private final String[] classes;

  /** @param classes binary names of the JDK classes woven */
  protected JdkConcurrencyInstrumentation(String... classes) {
    this.classes = classes.clone();
  }

  @Override
  public final List<String> classFileMarkers() {
    return List.of();
  }

  @Override
  public final List<String> loadedJdkClasses() {
    List<String> internal = new ArrayList<>();
    for (String name : classes) {
      internal.add(name.replace('.', '/'));
    }
    return internal;
  }

  @Override
  public final List<String> modules() {
    return List.of("java.base");
  }

  @Override
  public final ElementMatcher<? super TypeDescription> types() {
    return namedOneOf(classes);
  }

  /** The methods of these names that {@code owner} itself declares (not its subclasses). */
  protected static ElementMatcher.Junction<MethodDescription> declared(
      String owner, String... names) {
    return isMethod().and(isDeclaredBy(named(owner))).and(namedOneOf(names));
  }
}
