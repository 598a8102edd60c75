/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/** One instrumentation: a kebab-case name (its on/off switch), a cheap pre-filter, and the transform. */
public interface AgentInstrumentation {

  /** The user-facing name, e.g. {@code jdk-httpserver}; also the config switch. */
  String name();

  /**
   * Strings, as they appear in a class file's constant pool, at least one of which every class this
   * instrumentation transforms must contain. Classes containing none are never parsed by Byte Buddy,
   * which keeps start-up and class loading cheap.
   */
  List<String> classFileMarkers();

  /** Adds this instrumentation's type matcher and transformer. */
  AgentBuilder extend(AgentBuilder builder);
}
