/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped reference must match the code. Regenerate with {@code mvn -pl agent test
 * -Dtest=ConfigDocsTest -Dagentobs.writeDocs=true}.
 */
class ConfigDocsTest {

  private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();
  private static final String START = "<!-- config-table:start -->\n";
  private static final String END = "<!-- config-table:end -->";
  private static final boolean WRITE = Boolean.getBoolean("agentobs.writeDocs");

  @Test
  void propertiesFileIsCurrent() throws IOException {
    Path file = REPO.resolve("config/agent-obs.properties");
    String expected = ConfigDocs.propertiesFile();
    if (WRITE) {
      Files.writeString(file, expected);
    }
    assertThat(Files.readString(file))
        .as("config/agent-obs.properties is stale; see this test's javadoc")
        .isEqualTo(expected);
  }

  @Test
  void readmeTableIsCurrent() throws IOException {
    Path readme = REPO.resolve("README.md");
    String text = Files.readString(readme);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertThat(start).as("README.md has the config-table markers").isNotNegative();
    String current = text.substring(start + START.length(), end);
    String expected = ConfigDocs.markdownTable();
    if (WRITE) {
      Files.writeString(
          readme, text.substring(0, start + START.length()) + expected + text.substring(end));
      current = expected;
    }
    assertThat(current).as("README.md configuration table is stale; see this test's javadoc")
        .isEqualTo(expected);
  }

  @Test
  void theShippedFileLoadsWithoutProblems() throws IOException {
    // uncommented, every default must parse as its own type
    Path tmp = Files.createTempFile("agent-obs", ".properties");
    Files.writeString(
        tmp, ConfigDocs.propertiesFile().replaceAll("(?m)^#([a-z])", "$1"), StandardCharsets.UTF_8);
    AgentConfig config = ConfigLoader.load("config.file=" + tmp, Map.of(), Map.of());
    assertThat(config.problems()).isEmpty();
    Files.delete(tmp);
  }
}
