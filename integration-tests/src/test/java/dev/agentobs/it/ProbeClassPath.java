/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A class path for a probe: the bootstrap jar (for {@code @AgentPhase}) and the jars this build
 * resolved that hold the given classes. Built from the classes' code sources because failsafe may
 * hide the test's own class path behind a manifest-only jar.
 */
final class ProbeClassPath {

  /** Where the local Maven repository keeps the repo's own modules (group dev.agentobs). */
  private static final String INSTALLED_MODULES =
      File.separator + String.join(File.separator, "repository", "dev", "agentobs") + File.separator;

  static String of(Class<?>... classes) {
    List<String> entries = new ArrayList<>();
    entries.add(
        Path.of(System.getProperty("agentobs.repoRoot"), "bootstrap", "target",
                "agent-obs-bootstrap-0.1.0-SNAPSHOT.jar")
            .toString());
    for (Class<?> type : classes) {
      try {
        String jar =
            Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        if (!entries.contains(jar)) {
          entries.add(jar);
        }
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /**
   * The bootstrap jar, this test's classes and the third-party jars of its class path (e.g. an SDK
   * with all its dependencies), but none of the repo's module jars: the agent's unshaded classes
   * there would shadow those of the agent jar.
   */
  static String ofTestClassPath() {
    // a run of this module alone (mvn -pl integration-tests) resolves them from the local repository
    Path repo = Path.of(System.getProperty("agentobs.repoRoot")).toAbsolutePath().normalize();
    String tests = System.getProperty("surefire.test.class.path");
    if (tests == null || tests.isEmpty()) {
      tests = System.getProperty("java.class.path");
    }
    List<String> entries = new ArrayList<>();
    entries.add(of());
    for (String entry : tests.split(File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath().normalize();
      boolean moduleJar = path.startsWith(repo) || path.toString().contains(INSTALLED_MODULES);
      if (!moduleJar || path.endsWith(Path.of("target", "test-classes"))) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private ProbeClassPath() {}
}
