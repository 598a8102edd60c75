/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The built {@code agent-obs.jar} itself: every class in it is the agent's own or relocated under
 * its prefix (an app's own copy of a library can never meet ours), its service files name only
 * relocated types, and it stays within the size budget of issue #9.
 */
class AgentJarIT {

  /** Issue #9's budget: the OkHttp, Okio and Kotlin libraries alone would break it. */
  private static final long MAX_BYTES = 6L * 1024 * 1024;

  @Test
  void everyClassIsTheAgentsOwnOrRelocatedUnderItsPrefix() throws IOException {
    List<String> classes = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    forEachEntry(
        (jar, entry) -> {
          String name = entry.getName();
          if (name.endsWith(".class") || name.endsWith(".classdata")) {
            classes.add(name);
            if (!name.startsWith("dev/agentobs/") && !name.startsWith("inst/dev/agentobs/")) {
              foreign.add(name);
            }
          }
        });
    assertThat(classes).as("classes in the jar").hasSizeGreaterThan(1000);
    assertThat(foreign).as("classes outside dev.agentobs").isEmpty();
  }

  @Test
  void everyServiceFileNamesAndListsOnlyRelocatedTypes() throws IOException {
    List<String> services = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    forEachEntry(
        (jar, entry) -> {
          String name = entry.getName();
          int at = name.indexOf("META-INF/services/");
          if (at < 0 || entry.isDirectory()) {
            return;
          }
          services.add(name);
          if (!name.substring(at + "META-INF/services/".length()).startsWith("dev.agentobs.")) {
            foreign.add(name);
          }
          try (BufferedReader lines =
              new BufferedReader(
                  new InputStreamReader(jar.getInputStream(entry), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
              String type = line.replaceFirst("#.*", "").trim();
              if (!type.isEmpty() && !type.startsWith("dev.agentobs.")) {
                foreign.add(name + ": " + type);
              }
            }
          }
        });
    assertThat(services)
        .as("service files")
        .anyMatch(name -> name.endsWith("export.GrpcSenderProvider"))
        .anyMatch(name -> name.endsWith("traces.ConfigurableSpanExporterProvider"));
    assertThat(foreign).as("services or providers outside dev.agentobs").isEmpty();
  }

  @Test
  void theJarStaysWithinSixMiB() throws IOException {
    assertThat(Files.size(BuiltJars.agent()))
        .as("bytes of %s", BuiltJars.agent())
        .isLessThanOrEqualTo(MAX_BYTES);
  }

  /** Reads one entry of the jar, which stays open for the call. */
  private interface EntryReader {
    void read(JarFile jar, JarEntry entry) throws IOException;
  }

  private static void forEachEntry(EntryReader reader) throws IOException {
    try (JarFile jar = new JarFile(BuiltJars.agent().toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        reader.read(jar, entry);
      }
    }
  }
}
