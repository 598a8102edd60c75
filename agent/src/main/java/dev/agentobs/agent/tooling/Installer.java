/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.SelfStats;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/** Registers the enabled instrumentations with the JVM behind one {@link PrefilterTransformer}. */
public final class Installer {

  /**
   * Installs the instrumentations. Byte Buddy itself is set up lazily, when the first class that
   * carries a marker loads.
   *
   * @param loadListeners run when a class of the given internal name is loaded
   */
  public static void install(
      Instrumentation inst,
      List<AgentInstrumentation> instrumentations,
      Map<String, Runnable> loadListeners,
      SelfStats stats) {
    List<String> markers = new ArrayList<>();
    for (AgentInstrumentation i : instrumentations) {
      markers.addAll(i.classFileMarkers());
    }
    List<AgentInstrumentation> copy = List.copyOf(instrumentations);
    inst.addTransformer(
        new PrefilterTransformer(markers, () -> byteBuddyTransformer(copy, stats), loadListeners),
        false);
  }

  static ClassFileTransformer byteBuddyTransformer(
      List<AgentInstrumentation> instrumentations, SelfStats stats) {
    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
            .with(new FailureListener(stats))
            .ignore(
                nameStartsWith("dev.agentobs.agent.")
                    .or(nameStartsWith("dev.agentobs.shaded."))
                    .or(nameStartsWith("dev.agentobs.bootstrap."))
                    .or(nameStartsWith("net.bytebuddy.")));
    for (AgentInstrumentation i : instrumentations) {
      builder = i.extend(builder);
    }
    return builder.makeRaw();
  }

  /** Counts and reports (at debug) classes Byte Buddy failed to transform. */
  private static final class FailureListener extends AgentBuilder.Listener.Adapter {
    private final SelfStats stats;

    FailureListener(SelfStats stats) {
      this.stats = stats;
    }

    @Override
    public void onTransformation(
        TypeDescription typeDescription,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      AgentLog.debug("instrumented " + typeDescription.getName());
    }

    @Override
    public void onError(
        String typeName,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        Throwable throwable) {
      stats.internalError();
      AgentLog.debug("failed to instrument " + typeName + " (" + classLoader + "): " + throwable);
    }
  }

  private Installer() {}
}
