/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.telemetry.logs.LogEvent.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileOutputTest {

  @TempDir Path dir;

  @Test
  void rotatesBetweenWholeLinesKeepsTheNewestBackupsAndLosesNothingElse() throws Exception {
    Path file = dir.resolve("logs/app.log");
    AsyncLogWriter writer =
        new AsyncLogWriter(
            4096, new JsonLineWriter("svc"), new RotatingFileOutput(file, 2000, 2), new SelfStats());
    writer.start();
    for (int i = 0; i < 300; i++) {
      writer.offer(event("m" + i));
      if (i % 25 == 0) {
        Thread.sleep(5); // several batches, so several rotations
      }
    }
    writer.close();

    assertThat(dir.resolve("logs/app.log.1")).exists();
    assertThat(dir.resolve("logs/app.log.2")).exists();
    assertThat(dir.resolve("logs/app.log.3")).doesNotExist();
    List<Integer> numbers = new ArrayList<>();
    for (String name : List.of("app.log.2", "app.log.1", "app.log")) {
      for (String line : Files.readAllLines(dir.resolve("logs").resolve(name))) {
        Map<String, Object> parsed = LineSafetyTest.parse(line + "\n");
        numbers.add(Integer.parseInt(((String) parsed.get("message")).substring(1)));
      }
    }
    // the newest lines, in order and contiguous up to the last one written
    assertThat(numbers).isSorted().endsWith(299);
    assertThat(numbers.get(numbers.size() - 1) - numbers.get(0)).isEqualTo(numbers.size() - 1);
  }

  @Test
  void fileDestinationAppendsToTheConfiguredFile() throws Exception {
    Path file = dir.resolve("agent.log");
    Files.writeString(file, "{\"existing\":true}\n");
    AgentConfig config =
        AgentConfig.createForTest(
            Map.of("log.destination", "file", "log.file", file.toString()));
    try (var out = LogOutputs.open(config)) {
      new JsonLineWriter("svc").write(event("appended"), out);
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    assertThat(LineSafetyTest.parse(lines.get(1) + "\n")).containsEntry("message", "appended");
  }

  private static LogEvent event(String message) {
    return new LogEvent(1764930600007L, Level.INFO, "l", message, "e", "r", "", "");
  }
}
