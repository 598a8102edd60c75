/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.SelfStats;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The only transformer the JVM calls for every loaded class. It looks for marker strings in the raw
 * class bytes and hands only the rare class that has one to Byte Buddy: a service whose classes
 * never use our annotations or a JDK HttpServer never pays for Byte Buddy's type matching. A class
 * whose only marker belongs to an instrumentation with a {@link ClassWeaver} of its own (the
 * {@code @AgentPhase} classes) is woven by that, without Byte Buddy.
 *
 * <p>It also notices given classes being loaded (by internal name), which lets the agent react to
 * the application's first use of a JDK facility without instrumenting the JDK.
 */
public final class PrefilterTransformer implements ClassFileTransformer {

  private static final int NO_MARKER = -1;
  private static final int MARKERS = -2;
  private static final byte[] NOT_WOVEN = new byte[0];

  private final byte[][] markers;
  private final Set<String> classNames;
  private final Set<String> jdkClasses;
  private final Supplier<ClassFileTransformer> delegateFactory;
  private final Map<String, Runnable> loadListeners;
  /** By marker index: the instrumentation with a weaver of its own for it, or null. */
  private final Map.Entry<String, ClassWeaver>[] weavers;
  private final Map<String, Map.Entry<String, ClassWeaver>> jdkWeavers;
  private final SelfStats stats;
  private final AtomicInteger retransformed = new AtomicInteger();
  private volatile ClassFileTransformer delegate;

  /**
   * @param classNames internal names of application classes wanted by name, whatever their bytes
   * @param jdkClasses internal names of the few JDK classes an instrumentation asked for
   * @param weavers by marker, the instrumentation that weaves the classes whose only marker it is
   *     without Byte Buddy, and its weaver
   * @param jdkWeavers by internal name, the one instrumentation that asks for a JDK class and
   *     weaves it without Byte Buddy, and its weaver
   * @param stats counts what those weavers weave, and their failures
   */
  @SuppressWarnings("unchecked")
  PrefilterTransformer(
      List<String> markers,
      Set<String> classNames,
      List<String> jdkClasses,
      Supplier<ClassFileTransformer> delegateFactory,
      Map<String, Runnable> loadListeners,
      Map<String, Map.Entry<String, ClassWeaver>> weavers,
      Map<String, Map.Entry<String, ClassWeaver>> jdkWeavers,
      SelfStats stats) {
    this.classNames = Set.copyOf(classNames);
    this.jdkClasses = Set.copyOf(jdkClasses);
    this.markers = new byte[markers.size()][];
    this.weavers = new Map.Entry[markers.size()];
    for (int i = 0; i < markers.size(); i++) {
      this.markers[i] = markers.get(i).getBytes(StandardCharsets.UTF_8);
      this.weavers[i] = weavers.get(markers.get(i));
    }
    this.jdkWeavers = Map.copyOf(jdkWeavers);
    this.delegateFactory = delegateFactory;
    this.loadListeners = Map.copyOf(loadListeners);
    this.stats = stats;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    try {
      if (className == null) {
        return null;
      }
      if (!loadListeners.isEmpty()) {
        Runnable listener = loadListeners.get(className);
        if (listener != null) {
          listener.run();
        }
      }
      Map.Entry<String, ClassWeaver> weaver = null;
      boolean wanted = jdkClasses.contains(className);
      if (wanted) {
        weaver = jdkWeavers.get(className);
      } else if (loader != null && !isAgentOrJdk(className)) {
        if (classNames.contains(className)) {
          wanted = true;
        } else {
          int marker = matchingMarker(classfileBuffer);
          wanted = marker != NO_MARKER;
          weaver = marker >= 0 ? weavers[marker] : null;
        }
      }
      if (weaver != null && weaver.getValue().handles(classfileBuffer)) {
        byte[] woven = weaveWithoutByteBuddy(weaver, className, classfileBuffer);
        if (woven != NOT_WOVEN) {
          if (woven != null && classBeingRedefined != null) {
            retransformed.incrementAndGet();
          }
          return woven;
        }
      }
      if (!wanted) {
        return null;
      }
      byte[] woven =
          delegate().transform(
              loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
      if (woven != null && classBeingRedefined != null) {
        retransformed.incrementAndGet();
      }
      return woven;
    } catch (Throwable t) {
      AgentLog.debug("could not transform " + className + ": " + t);
      return null;
    }
  }

  /**
   * For a class loaded before the agent attached: runs its load listener and tells whether it may
   * need weaving. Only when a marker must be looked for is its class file read, from its loader.
   */
  boolean wantsLoaded(ClassLoader loader, String internalName) {
    if (!loadListeners.isEmpty()) {
      Runnable listener = loadListeners.get(internalName);
      if (listener != null) {
        listener.run();
      }
    }
    if (jdkClasses.contains(internalName)) {
      return true;
    }
    if (loader == null || isAgentOrJdk(internalName)) {
      return false;
    }
    if (classNames.contains(internalName)) {
      return true;
    }
    if (markers.length == 0) {
      return false;
    }
    byte[] bytes = ClassFiles.read(loader, internalName);
    return bytes != null && containsMarker(bytes);
  }

  /** Classes that retransformation gave new bytes: those re-instrumented after an attach. */
  int retransformedCount() {
    return retransformed.get();
  }

  /**
   * Never transform the agent itself (its relocated Prometheus sidecar included) or the JDK, whose
   * internal handler chain ({@code sun.net.httpserver.ServerImpl$Exchange$LinkHandler}) would
   * otherwise be observed as an application handler. {@code javax.servlet} is no JDK package: its
   * {@code HttpServlet.service} is where most servlets' requests enter.
   */
  static boolean isAgentOrJdk(String internalName) {
    if (internalName.startsWith("javax/servlet/")) {
      return false;
    }
    return internalName.startsWith("dev/agentobs/agent/")
        || internalName.startsWith("dev/agentobs/shaded/")
        || internalName.startsWith("dev/agentobs/bootstrap/")
        || internalName.startsWith("java/")
        || internalName.startsWith("javax/")
        || internalName.startsWith("jdk/")
        || internalName.startsWith("sun/")
        || internalName.startsWith("com/sun/");
  }

  private ClassFileTransformer delegate() {
    ClassFileTransformer d = delegate;
    if (d == null) {
      synchronized (this) {
        d = delegate;
        if (d == null) {
          long start = System.nanoTime();
          d = delegateFactory.get();
          AgentLog.debug(
              "class loading waited " + (System.nanoTime() - start) / 1_000_000
                  + " ms for Byte Buddy");
          delegate = d;
        }
      }
    }
    return d;
  }

  boolean containsMarker(byte[] bytes) {
    return matchingMarker(bytes) != NO_MARKER;
  }

  /** The index of the one marker in {@code bytes}, {@link #NO_MARKER}, or {@link #MARKERS}. */
  private int matchingMarker(byte[] bytes) {
    int found = NO_MARKER;
    for (int i = 0; i < markers.length; i++) {
      if (indexOf(bytes, markers[i]) >= 0) {
        if (found != NO_MARKER) {
          return MARKERS;
        }
        found = i;
        if (weavers[i] == null) {
          return found; // Byte Buddy's anyway: the others need not be looked for
        }
      }
    }
    return found;
  }

  /**
   * The class woven by the marker's own weaver, null if it had nothing to weave, or {@link
   * #NOT_WOVEN} if it failed (counted): Byte Buddy then weaves it.
   */
  private byte[] weaveWithoutByteBuddy(
      Map.Entry<String, ClassWeaver> weaver, String className, byte[] bytes) {
    long start = System.nanoTime();
    try {
      byte[] woven = weaver.getValue().weave(className, bytes);
      if (woven != null) {
        stats.classInstrumented();
        if (AgentLog.isDebug()) {
          AgentLog.debugTook(
              "instrumented " + className.replace('/', '.') + " with [" + weaver.getKey()
                  + "], without Byte Buddy",
              start);
        }
      }
      return woven;
    } catch (Throwable t) {
      stats.internalError();
      AgentLog.debug("could not weave " + className + " without Byte Buddy, so with it: " + t);
      return NOT_WOVEN;
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    int last = haystack.length - needle.length;
    byte first = needle[0];
    outer:
    for (int i = 0; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
