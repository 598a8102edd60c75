/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import java.util.List;
import java.util.Set;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One instrumentation: a kebab-case name (its on/off switch), a cheap pre-filter, the types it
 * transforms and the advice it inlines into their methods.
 */
public interface AgentInstrumentation {

  /** The user-facing name, e.g. {@code jdk-httpserver}; also the config switch. */
  String name();

  /** What it observes, in a few words, for {@code list-instrumentations}. */
  String description();

  /**
   * Strings, as they appear in a class file's constant pool, at least one of which every class this
   * instrumentation transforms must contain. Classes containing none are never parsed, which keeps
   * start-up and class loading cheap.
   */
  List<String> classFileMarkers();

  /**
   * Internal names ({@code com/acme/Planner}) of application classes this instrumentation
   * transforms, picked out by name before their bytes are read: an alternative to markers for
   * instrumentations configured with class names.
   */
  default Set<String> classNames() {
    return Set.of();
  }

  /** The types to transform, matched on a description read from the class bytes. */
  ElementMatcher<? super TypeDescription> types();

  /** The advice for methods of matched types. */
  List<AdviceBinding> advice();

  /**
   * A weaver of plain ASM, used instead of Byte Buddy for a class whose only marker is this
   * instrumentation's, and for its {@link #jdkClasses} no other instrumentation asks for; {@code
   * null} if it has none.
   */
  default ClassWeaver classWeaver() {
    return null;
  }

  /**
   * Internal names of JDK classes this instrumentation transforms. JDK classes are otherwise never
   * touched.
   */
  default List<String> jdkClasses() {
    return List.of();
  }

  /**
   * Internal names of JDK classes the JVM has loaded before the agent starts ({@code java.lang},
   * {@code java.util.concurrent}): woven by retransformation once Byte Buddy is ready, or at load
   * if the JVM loads them later. Keep it to a handful of exact classes: each is woven at start-up.
   */
  default List<String> loadedJdkClasses() {
    return List.of();
  }

  /**
   * Named modules whose classes get advice: each is given a read edge to the bootstrap hooks'
   * (unnamed) module, without which the woven calls would fail with IllegalAccessError.
   */
  default List<String> modules() {
    return List.of();
  }
}
