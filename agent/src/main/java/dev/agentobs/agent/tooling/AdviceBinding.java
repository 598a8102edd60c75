/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Which methods of a matched type get which advice class, with which custom bindings. */
public final class AdviceBinding {

  private final ElementMatcher<? super MethodDescription> methods;
  private final String adviceClassName;
  private final Advice.WithCustomMapping mapping;

  public AdviceBinding(
      ElementMatcher<? super MethodDescription> methods,
      String adviceClassName,
      Advice.WithCustomMapping mapping) {
    this.methods = methods;
    this.adviceClassName = adviceClassName;
    this.mapping = mapping;
  }

  public AdviceBinding(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
    this(methods, adviceClassName, Advice.withCustomMapping());
  }

  ElementMatcher<? super MethodDescription> methods() {
    return methods;
  }

  String adviceClassName() {
    return adviceClassName;
  }

  Advice.WithCustomMapping mapping() {
    return mapping;
  }
}
