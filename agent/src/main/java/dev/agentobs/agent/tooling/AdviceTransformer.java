/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.SelfStats;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Inlines Byte Buddy {@link Advice} into matching classes, driving ASM directly instead of going
 * through {@code AgentBuilder}. Measured here, {@code AgentBuilder}'s set-up alone took about 0.55 s
 * of start-up and, on JDK 24+, makes Byte Buddy touch {@code sun.misc.Unsafe}, which prints a
 * deprecation warning on the host's stderr; we need neither its redefinition nor its class
 * injection, only advice woven into the bytes a class is loaded from.
 */
final class AdviceTransformer implements ClassFileTransformer {

  private final List<Woven> instrumentations;
  /**
   * For each JDK class an instrumentation asked for (internal name), the instrumentations that
   * asked: only those look at it. The others' matchers (a servlet's supertype walk, say) would read
   * the JDK class's whole hierarchy, cold, at start-up, and could never match.
   */
  private final Map<String, List<Woven>> byJdkClass = new HashMap<>();
  private final SelfStats stats;

  AdviceTransformer(List<AgentInstrumentation> instrumentations, SelfStats stats) {
    ClassFileLocator agentClasses =
        ClassFileLocator.ForClassLoader.of(AdviceTransformer.class.getClassLoader());
    TypePool agentTypes = TypePool.Default.of(agentClasses);
    this.instrumentations = new ArrayList<>();
    for (AgentInstrumentation instrumentation : instrumentations) {
      Woven woven = new Woven(instrumentation, agentTypes, agentClasses);
      this.instrumentations.add(woven);
      List<String> jdkClasses = new ArrayList<>(instrumentation.jdkClasses());
      jdkClasses.addAll(instrumentation.loadedJdkClasses());
      for (String jdkClass : jdkClasses) {
        byJdkClass.computeIfAbsent(jdkClass, c -> new ArrayList<>()).add(woven);
      }
    }
    this.stats = stats;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] bytes) {
    String name = internalName.replace('/', '.');
    long start = System.nanoTime();
    try {
      List<String> applied = new ArrayList<>();
      List<Woven> candidates = byJdkClass.getOrDefault(internalName, instrumentations);
      byte[] result = woven(candidates, loader, name, bytes, applied);
      if (result == null) {
        return null;
      }
      stats.classInstrumented();
      if (AgentLog.isDebug()) { // on the loading thread: no message built for nothing
        AgentLog.debugTook("instrumented " + name + " with " + applied, start);
      }
      return result;
    } catch (Throwable t) {
      stats.internalError();
      AgentLog.debug("failed to instrument " + name + " (" + loader + "): " + t);
      return null;
    }
  }

  /** {@code bytes} with the advice of every matching instrumentation, or null if none matches. */
  private static byte[] woven(
      List<Woven> candidates,
      ClassLoader loader,
      String name,
      byte[] bytes,
      List<String> applied) {
    ClassFileLocator locator =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(name, bytes), ClassFileLocator.ForClassLoader.of(loader));
    TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
    TypeDescription type = pool.describe(name).resolve();
    List<AsmVisitorWrapper> wrappers = new ArrayList<>();
    for (Woven woven : candidates) {
      if (woven.matches(type)) {
        wrappers.addAll(woven.wrappers());
        applied.add(woven.name);
      }
    }
    if (wrappers.isEmpty()) {
      return null;
    }
    return weave(type, pool, bytes, new AsmVisitorWrapper.Compound(wrappers));
  }

  static byte[] weave(
      TypeDescription type, TypePool pool, byte[] bytes, AsmVisitorWrapper wrapper) {
    ClassReader reader = OpenedClassReader.of(bytes);
    int writerFlags = wrapper.mergeWriter(ClassWriter.COMPUTE_MAXS);
    int readerFlags = wrapper.mergeReader(0);
    ClassWriter writer = new ClassWriter(reader, writerFlags);
    Implementation.Context context =
        new Implementation.Context.Disabled(
            type,
            ClassFileVersion.ofClassFile(bytes),
            Implementation.Context.FrameGeneration.GENERATE) {};
    ClassVisitor visitor =
        wrapper.wrap(
            type,
            writer,
            context,
            pool,
            type.getDeclaredFields(),
            type.getDeclaredMethods(),
            writerFlags,
            readerFlags);
    reader.accept(visitor, readerFlags);
    return writer.toByteArray();
  }

  /**
   * An instrumentation with its advice prepared on its first match, once: an app class waiting to
   * load pays for its own instrumentation's advice only, not for all of them.
   */
  private static final class Woven {
    final String name;
    final ElementMatcher<? super TypeDescription> types;
    private final AgentInstrumentation instrumentation;
    private final TypePool agentTypes;
    private final ClassFileLocator agentClasses;
    private volatile List<AsmVisitorWrapper> wrappers;

    Woven(
        AgentInstrumentation instrumentation,
        TypePool agentTypes,
        ClassFileLocator agentClasses) {
      this.name = instrumentation.name();
      this.types = instrumentation.types();
      this.instrumentation = instrumentation;
      this.agentTypes = agentTypes;
      this.agentClasses = agentClasses;
    }

    /**
     * Whether this instrumentation applies to {@code type}. A type whose hierarchy names a class
     * its loader cannot show us (another agent's marker interface on a JDK class, say) matches no
     * instrumentation that walks the hierarchy, and leaves the others free to apply: the OTel
     * agent, attached first, adds such an interface to {@code FutureTask}, and the servlet and
     * LangChain4j matchers' walk through it failed the executor instrumentation's weave.
     */
    boolean matches(TypeDescription type) {
      try {
        return types.matches(type);
      } catch (TypePool.Resolution.NoSuchTypeException e) {
        AgentLog.debug(name + " skipped " + type.getName() + ": " + e.getMessage());
        return false;
      }
    }

    List<AsmVisitorWrapper> wrappers() {
      List<AsmVisitorWrapper> prepared = wrappers;
      if (prepared == null) {
        synchronized (this) {
          prepared = wrappers;
          if (prepared == null) {
            prepared = new ArrayList<>();
            for (AdviceBinding binding : instrumentation.advice()) {
              Advice advice =
                  binding
                      .mapping()
                      .to(agentTypes.describe(binding.adviceClassName()).resolve(), agentClasses)
                      .withExceptionHandler(AdviceSupport.COUNTING_HANDLER);
              prepared.add(advice.on(binding.methods()));
            }
            wrappers = prepared = List.copyOf(prepared);
          }
        }
      }
      return prepared;
    }
  }
}
