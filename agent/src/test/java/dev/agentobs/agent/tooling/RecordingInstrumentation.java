/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Matches nothing; records, in order, the classes the weaver asks it about. */
final class RecordingInstrumentation implements AgentInstrumentation {

  /** Binary names of the classes described to this instrumentation's matcher. */
  final List<String> described = new CopyOnWriteArrayList<>();

  private final List<String> loadedJdkClasses;

  /** @param loadedJdkClasses internal names of the JDK classes it asks to have woven */
  RecordingInstrumentation(String... loadedJdkClasses) {
    this.loadedJdkClasses = List.of(loadedJdkClasses);
  }

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public String description() {
    return "records the classes the weaver describes";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of();
  }

  @Override
  public List<String> loadedJdkClasses() {
    return loadedJdkClasses;
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return type -> {
      described.add(type.getName());
      return false;
    };
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of();
  }
}
