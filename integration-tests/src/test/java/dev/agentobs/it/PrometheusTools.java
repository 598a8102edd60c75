/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The real Prometheus tools of Debian's {@code prometheus} and {@code prometheus-alertmanager}
 * packages (.ci/run installs them). A test that needs one fails, never skips, when it is missing:
 * the ops kit is only proven by the real thing.
 */
final class PrometheusTools {

  private static final long TIMEOUT_SECONDS = 120;

  static Path promtool() {
    return find("promtool", "prometheus");
  }

  static Path prometheus() {
    return find("prometheus", "prometheus");
  }

  static Path amtool() {
    return find("amtool", "prometheus-alertmanager");
  }

  /** Debian names the Alertmanager binary after its package. */
  static Path alertmanager() {
    return find("prometheus-alertmanager", "prometheus-alertmanager");
  }

  /** Runs {@code tool args} in {@code dir} to its end, stdin from {@code input} if not null. */
  static Result run(Path dir, Path input, Path tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(tool.toString());
    command.addAll(List.of(args));
    try {
      Path log = Files.createTempFile("prometheus-tool", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (input != null) {
          builder.redirectInput(input.toFile());
        }
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          ChildProcesses.stop(process);
          throw new AssertionError(
              "`" + String.join(" ", command) + "` did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(
            String.join(" ", command),
            process.exitValue(),
            Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  /** On PATH, or where {@code -Dagentobs.<name>=/path} says. */
  private static Path find(String name, String debianPackage) {
    String override = System.getProperty("agentobs." + name);
    if (override != null && !override.isBlank()) {
      Path p = Path.of(override);
      if (Files.isExecutable(p)) {
        return p;
      }
      throw new AssertionError("agentobs." + name + "=" + override + " is not an executable file");
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
      Path p = dir.isEmpty() ? null : Path.of(dir, name);
      if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(
        name
            + " not found on PATH ("
            + path
            + "). The ops kit is verified with the real tools: install Debian's `"
            + debianPackage
            + "` package (apt-get install -y "
            + debianPackage
            + "), or point -Dagentobs."
            + name
            + "=/path/to/"
            + name
            + " at one.");
  }

  /** A finished run: the command as shown, its exit code and its merged stdout and stderr. */
  record Result(String command, int exitCode, String output) {}

  private PrometheusTools() {}
}
