/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which jar the launcher loads the agent from when its own class came from another copy on the
 * class path, as in a JMH fork whose class path holds the build's flat jar: there the agent did
 * not start at all ("ClassNotFoundException: dev.agentobs.agent.AgentObsPremain").
 */
class AgentLauncherTest {

  private static final String LAUNCHER = "dev/agentobs/launcher/AgentLauncher.class";
  private static final String AGENT = "inst/dev/agentobs/agent/AgentObsPremain.classdata";

  @TempDir Path dir;

  private Path jar(String name, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String entry : entries) {
        out.putNextEntry(new JarEntry(entry));
        out.write(new byte[] {1});
        out.closeEntry();
      }
    }
    return jar;
  }

  private static URLClassLoader classPath(Path... jars) throws IOException {
    URL[] urls = new URL[jars.length];
    for (int i = 0; i < jars.length; i++) {
      urls[i] = jars[i].toUri().toURL();
    }
    return new URLClassLoader(urls, null);
  }

  @Test
  void aFlatCopyFirstOnTheClassPathLeadsToTheAgentJarAfterIt() throws IOException {
    Path flat = jar("agent-obs-shaded.jar", LAUNCHER, "dev/agentobs/agent/AgentObsPremain.class");
    Path other = jar("app.jar", "com/acme/App.class");
    Path agent = jar("agent obs.jar", LAUNCHER, AGENT);
    try (URLClassLoader classPath = classPath(flat, other, agent)) {
      assertThat(AgentLauncher.agentJarOnClassPath(flat, classPath)).isEqualTo(agent);
    }
    assertThat(AgentClassLoader.holdsClass(flat, "dev.agentobs.agent.AgentObsPremain")).isFalse();
    assertThat(AgentClassLoader.holdsClass(agent, "dev.agentobs.agent.AgentObsPremain")).isTrue();
  }

  @Test
  void withNoAgentJarOnTheClassPathTheErrorNamesTheCopyAndTheFix() throws IOException {
    Path flat = jar("agent-obs-shaded.jar", LAUNCHER);
    try (URLClassLoader classPath = classPath(flat)) {
      assertThatThrownBy(() -> AgentLauncher.agentJarOnClassPath(flat, classPath))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(flat.toString())
          .hasMessageContaining("agent-obs.jar");
    }
  }
}
