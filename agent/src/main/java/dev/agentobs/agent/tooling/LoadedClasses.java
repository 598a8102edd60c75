/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.SelfStats;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * After an attach ({@code agentmain}), re-instruments the classes the application loaded before the
 * agent came: they never passed through the transformer. Only classes the pre-filter wants are
 * retransformed, never the whole heap of loaded classes, because every retransformation throws
 * away the JIT's compiled code for that class.
 */
final class LoadedClasses {

  static void retransform(Instrumentation inst, PrefilterTransformer prefilter, SelfStats stats) {
    List<Class<?>> wanted = new ArrayList<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      String name = type.getName();
      // arrays and primitives are not modifiable; hidden classes (lambdas) have a '/' in their name
      // and no class file: no transformer can see them
      if (name.indexOf('/') >= 0 || !inst.isModifiableClass(type)) {
        continue;
      }
      try {
        if (prefilter.wantsLoaded(type.getClassLoader(), name.replace('.', '/'))) {
          wanted.add(type);
        }
      } catch (Throwable t) {
        AgentLog.debug("could not inspect loaded class " + name + ": " + t);
      }
    }
    // one at a time: a class the JVM refuses must not keep the others from being instrumented
    for (Class<?> type : wanted) {
      try {
        inst.retransformClasses(type);
      } catch (Throwable t) {
        stats.internalError();
        AgentLog.debug("could not re-instrument " + type.getName() + ": " + t);
      }
    }
  }

  private LoadedClasses() {}
}
