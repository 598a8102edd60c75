/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The jars under test, as built by the other modules. The tests never build them: failsafe passes
 * their paths as system properties (see this module's pom).
 */
final class BuiltJars {

  /** The {@code -javaagent} jar, {@code agent/target/agent-obs.jar}. */
  static Path agent() {
    return existing("agentobs.agentJar", "agent");
  }

  /** The bootstrap jar with {@code @AgentPhase}, the only thing an app compiles against. */
  static Path bootstrap() {
    return Path.of(System.getProperty("agentobs.repoRoot"), "bootstrap", "target",
        "agent-obs-bootstrap-0.1.0-SNAPSHOT.jar");
  }

  /** The sample AI-agent service, {@code sample-target-app/target/sample-target-app.jar}. */
  static Path sampleApp() {
    return existing("agentobs.sampleJar", "sample-target-app");
  }

  /** The OpenTelemetry Java agent, copied by this module's pom, to attach beside ours. */
  static Path otelAgent() {
    return existing("agentobs.otelAgentJar", "integration-tests");
  }

  /** A real Zipkin server, {@code io.zipkin:zipkin-server}'s exec jar, copied by this module's pom. */
  static Path zipkinServer() {
    return existing("agentobs.zipkinJar", "integration-tests");
  }

  /**
   * The run-time class path of a fixture app module ({@code fixtures/<module>}): its classes and the
   * dependency jars its build listed in {@code target/classpath.txt}.
   */
  static String fixtureClasspath(String module) {
    Path target =
        Path.of(System.getProperty("agentobs.repoRoot"), "fixtures", module, "target")
            .toAbsolutePath()
            .normalize();
    try {
      String dependencies = Files.readString(target.resolve("classpath.txt")).trim();
      return target.resolve("classes") + java.io.File.pathSeparator + dependencies;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          target + " has no classpath.txt: build it first with mvn -pl fixtures/" + module
              + " -am package", e);
    }
  }

  private static Path existing(String property, String module) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + property
              + " is not set: run the integration tests through failsafe"
              + " (mvn -pl integration-tests verify)");
    }
    Path jar = Path.of(value).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " does not exist (system property "
              + property
              + "): build it first with"
              + " mvn -pl "
              + module
              + " -am package");
    }
    return jar;
  }

  private BuiltJars() {}
}
