/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.context;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The exact {@code java.base} classes a context instrumentation weaves, by binary name. */
public final class JdkClasses {

  private final String[] names;

  public JdkClasses(String... names) {
    this.names = names.clone();
  }

  public List<String> internalNames() {
    List<String> internal = new ArrayList<>();
    for (String name : names) {
      internal.add(name.replace('.', '/'));
    }
    return internal;
  }

  public ElementMatcher<TypeDescription> matcher() {
    return namedOneOf(names);
  }
}
