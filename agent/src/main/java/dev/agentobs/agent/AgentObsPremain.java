/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent;

import dev.agentobs.agent.boot.BootClasses;
import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.internal.AgentStarter;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The {@code -javaagent} entry point. It must never stop the application: any failure prints one
 * line and the app runs uninstrumented. This class must not touch the bootstrap API before {@link
 * BootClasses#install} has put it in the boot loader, so it references only the JDK and {@link
 * AgentStarter}.
 */
public final class AgentObsPremain {

  /**
   * A system property of the host JVM holding the agent's banner line once it started (or why it
   * failed): how {@code attach} learns the outcome in another JVM, and a second copy that it is
   * already there. Outside the {@code agent.obs.} prefix, which is read as configuration.
   */
  public static final String STATUS_PROPERTY = "dev.agentobs.status";

  private static final String HOOKS_CLASS = "dev.agentobs.bootstrap.AgentHooks";

  public static void premain(String args, Instrumentation inst) {
    if (isOwnCommandLine()) {
      // java -jar agent-obs.jar ... where JAVA_TOOL_OPTIONS names the agent (kubectl exec into a
      // pod set up that way): the command line must neither observe itself nor take the sidecar port
      return;
    }
    start(args, inst, false);
  }

  /** Entry point of an attach to a running JVM: also instruments the classes already loaded. */
  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  private static synchronized void start(String args, Instrumentation inst, boolean attached) {
    try {
      if (bootstrapAlreadyPresent()) {
        System.err.println("agent-obs: already attached to this JVM; ignoring the second copy");
        return;
      }
      String boot = BootClasses.install(inst);
      setStatus(AgentStarter.start(args, inst, attached));
      AgentLog.debug(boot);
    } catch (Exception | LinkageError e) {
      System.err.println("agent-obs: failed to start, the application runs without it: " + e);
      setStatus("failed to start: " + e);
    }
  }

  private static void setStatus(String status) {
    try {
      System.setProperty(STATUS_PROPERTY, status);
    } catch (RuntimeException e) {
      // a security manager said no: attach will say it cannot tell how the start went
    }
  }

  /** Whether this JVM runs the agent jar's own command line ({@code java -jar agent-obs.jar}). */
  private static boolean isOwnCommandLine() {
    String command = System.getProperty("sun.java.command");
    if (command == null || command.isEmpty()) {
      return false;
    }
    String launched = command.split(" ", 2)[0];
    if (!launched.endsWith(".jar")) {
      return false;
    }
    try {
      Path own =
          Paths.get(AgentObsPremain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isSameFile(Paths.get(launched), own);
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean bootstrapAlreadyPresent() {
    try {
      Class.forName(HOOKS_CLASS, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private AgentObsPremain() {}
}
