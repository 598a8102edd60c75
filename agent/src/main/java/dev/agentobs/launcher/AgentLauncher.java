/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.launcher;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;

/**
 * The agent jar's {@code Premain-Class}, {@code Agent-Class} and {@code Main-Class}: the only agent
 * class the system class loader can see. It hands each entry point to the agent proper, loaded by
 * an {@link AgentClassLoader} from the same jar, so that nothing of the agent but the bootstrap API
 * is visible to the application. References only the JDK and {@link AgentClassLoader}.
 */
public final class AgentLauncher {

  private static final String AGENT_CLASS = "dev.agentobs.agent.AgentObsPremain";
  private static final String CLI_CLASS = "dev.agentobs.agent.cli.AgentCli";
  private static final String LAUNCHER_RESOURCE = "dev/agentobs/launcher/AgentLauncher.class";
  // the agent's own status property (AgentObsPremain.STATUS_PROPERTY), for attach to read
  private static final String STATUS_PROPERTY = "dev.agentobs.status";

  /** One agent loader per JVM: a second {@code -javaagent} of this jar must find the first one. */
  private static ClassLoader agentLoader;

  public static void premain(String args, Instrumentation inst) {
    start("premain", args, inst);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start("agentmain", args, inst);
  }

  public static void main(String[] args) throws Throwable {
    try {
      Class.forName(CLI_CLASS, true, agentLoader())
          .getMethod("main", String[].class)
          .invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Never throws: the application runs, without the agent if it cannot start. */
  private static void start(String entryPoint, String args, Instrumentation inst) {
    try {
      Class.forName(AGENT_CLASS, true, agentLoader())
          .getMethod(entryPoint, String.class, Instrumentation.class)
          .invoke(null, args, inst);
    } catch (Exception | LinkageError e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      System.err.println("agent-obs: failed to start, the application runs without it: " + cause);
      try {
        System.setProperty(STATUS_PROPERTY, "failed to start: " + cause);
      } catch (RuntimeException denied) {
        // a security manager said no: attach will say it cannot tell how the start went
      }
    }
  }

  private static synchronized ClassLoader agentLoader() throws Exception {
    if (agentLoader == null) {
      Path own =
          Paths.get(AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      AgentClassLoader loader = new AgentClassLoader(own);
      if (!loader.holdsClass(AGENT_CLASS)) {
        loader.close();
        loader = new AgentClassLoader(agentJarOnClassPath(own, ClassLoader.getSystemClassLoader()));
      }
      agentLoader = loader;
    }
    return agentLoader;
  }

  /**
   * The agent jar when this class came from another copy of the launcher, one without the agent
   * under {@code inst/} (the build's flat jar on a benchmark's class path, say): the system loader
   * finds this class in the first jar of its class path that has it, and {@code -javaagent} only
   * appends the agent jar to that path. The first jar on the path that holds the agent is the one.
   */
  static Path agentJarOnClassPath(Path own, ClassLoader classPath) throws IOException {
    Enumeration<URL> copies = classPath.getResources(LAUNCHER_RESOURCE);
    while (copies.hasMoreElements()) {
      Path jar = jarOf(copies.nextElement());
      if (jar != null && AgentClassLoader.holdsClass(jar, AGENT_CLASS)) {
        return jar;
      }
    }
    throw new IOException(
        "the launcher came from " + own + ", which holds no agent, and no jar on the class path"
            + " does: use the agent-obs.jar the build makes as -javaagent");
  }

  /** The jar of a {@code jar:file:/...!/entry} URL; null for anything else. */
  private static Path jarOf(URL url) {
    if (!"jar".equals(url.getProtocol())) {
      return null;
    }
    String spec = url.getPath();
    int end = spec.indexOf("!/");
    try {
      return end < 0 ? null : Paths.get(new URI(spec.substring(0, end)));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private AgentLauncher() {}
}
