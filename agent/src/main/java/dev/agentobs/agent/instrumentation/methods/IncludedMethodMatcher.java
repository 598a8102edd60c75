/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.methods;

import dev.agentobs.agent.config.PhaseMethods;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Matches the methods a {@code phases.include} entry names, by declaring class and name. */
final class IncludedMethodMatcher extends ElementMatcher.Junction.AbstractBase<MethodDescription> {

  private final PhaseMethods included;

  IncludedMethodMatcher(PhaseMethods included) {
    this.included = included;
  }

  @Override
  public boolean matches(MethodDescription method) {
    return included.find(method.getDeclaringType().asErasure().getName(), method.getInternalName())
        != null;
  }
}
