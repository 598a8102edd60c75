/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import dev.agentobs.agent.internal.AgentLog;
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
 * never use our annotations or a JDK HttpServer never pays for Byte Buddy's type matching.
 *
 * <p>It also notices given classes being loaded (by internal name), which lets the agent react to
 * the application's first use of a JDK facility without instrumenting the JDK.
 */
public final class PrefilterTransformer implements ClassFileTransformer {

  private final byte[][] markers;
  private final Set<String> classNames;
  private final Set<String> jdkClasses;
  private final Supplier<ClassFileTransformer> delegateFactory;
  private final Map<String, Runnable> loadListeners;
  private final AtomicInteger retransformed = new AtomicInteger();
  private volatile ClassFileTransformer delegate;

  /**
   * @param classNames internal names of application classes wanted by name, whatever their bytes
   * @param jdkClasses internal names of the few JDK classes an instrumentation asked for
   */
  public PrefilterTransformer(
      List<String> markers,
      Set<String> classNames,
      List<String> jdkClasses,
      Supplier<ClassFileTransformer> delegateFactory,
      Map<String, Runnable> loadListeners) {
    this.classNames = Set.copyOf(classNames);
    this.jdkClasses = Set.copyOf(jdkClasses);
    this.markers = new byte[markers.size()][];
    for (int i = 0; i < markers.size(); i++) {
      this.markers[i] = markers.get(i).getBytes(StandardCharsets.UTF_8);
    }
    this.delegateFactory = delegateFactory;
    this.loadListeners = Map.copyOf(loadListeners);
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
      boolean wanted =
          jdkClasses.contains(className)
              || (loader != null
                  && !isAgentOrJdk(className)
                  && (classNames.contains(className) || containsMarker(classfileBuffer)));
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
    for (byte[] marker : markers) {
      if (indexOf(bytes, marker) >= 0) {
        return true;
      }
    }
    return false;
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
