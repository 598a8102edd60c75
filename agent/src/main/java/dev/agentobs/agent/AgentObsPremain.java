/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent;

import dev.agentobs.agent.internal.AgentStarter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point. It must never stop the application: any failure prints one
 * line and the app runs uninstrumented. This class must not touch the bootstrap API before {@link
 * #appendBootstrapJar} has put it on the boot class path, so it references only the JDK and {@link
 * AgentStarter}.
 */
public final class AgentObsPremain {

  static final String BOOTSTRAP_JAR_RESOURCE = "META-INF/agent-obs/agent-obs-bootstrap.jar";
  private static final String HOOKS_CLASS = "dev.agentobs.bootstrap.AgentHooks";

  public static void premain(String args, Instrumentation inst) {
    start(args, inst);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst);
  }

  private static synchronized void start(String args, Instrumentation inst) {
    try {
      if (bootstrapAlreadyPresent()) {
        System.err.println("agent-obs: already attached to this JVM; ignoring the second copy");
        return;
      }
      appendBootstrapJar(inst);
      AgentStarter.start(args, inst);
    } catch (Exception | LinkageError e) {
      System.err.println("agent-obs: failed to start, the application runs without it: " + e);
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

  /**
   * Copies the embedded bootstrap jar to a temporary file and appends it to the boot class path,
   * so advice inlined into classes of any class loader can reach the hooks.
   */
  private static void appendBootstrapJar(Instrumentation inst) throws IOException {
    File file = File.createTempFile("agent-obs-bootstrap", ".jar");
    file.deleteOnExit();
    try (InputStream in =
        AgentObsPremain.class.getClassLoader().getResourceAsStream(BOOTSTRAP_JAR_RESOURCE)) {
      if (in == null) {
        throw new IOException(BOOTSTRAP_JAR_RESOURCE + " missing from the agent jar");
      }
      Files.copy(in, file.toPath(), StandardCopyOption.REPLACE_EXISTING);
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(file));
  }

  private AgentObsPremain() {}
}
