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

  private ProbeClassPath() {}
}
