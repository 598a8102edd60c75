/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent jar's command line, run to completion in a child JVM:
 *
 * <pre>{@code
 * java <jvm options> -jar agent-obs.jar <args>
 * }</pre>
 *
 * with no {@code OTEL_*} or {@code AGENT_OBS_*} variable of the build's environment and an empty
 * working directory.
 */
final class AgentJarCommand {

  private final List<String> command;
  private final int exitCode;
  private final List<String> stdout;
  private final List<String> stderr;

  private AgentJarCommand(List<String> command, int exitCode, List<String> out, List<String> err) {
    this.command = command;
    this.exitCode = exitCode;
    this.stdout = out;
    this.stderr = err;
  }

  static AgentJarCommand run(String... args) {
    return builder().args(args).run();
  }

  static Builder builder() {
    return new Builder();
  }

  int exitCode() {
    return exitCode;
  }

  List<String> stdoutLines() {
    return stdout;
  }

  List<String> stderrLines() {
    return stderr;
  }

  /** The command, exit code and output, for assertion messages. */
  @Override
  public String toString() {
    return String.join(" ", command)
        + "\n--- exit code "
        + exitCode
        + "\n--- stdout:\n"
        + String.join("\n", stdout)
        + "\n--- stderr:\n"
        + String.join("\n", stderr);
  }

  /** JVM options, environment and arguments of the command. */
  static final class Builder {
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();

    Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    Builder env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    Builder args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    AgentJarCommand run() {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-jar");
      command.add(BuiltJars.agent().toString());
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder
          .environment()
          .keySet()
          .removeIf(k -> k.startsWith("OTEL_") || k.startsWith("AGENT_OBS_"));
      builder.environment().putAll(environment);
      try {
        builder.directory(Files.createTempDirectory("agent-obs-cli").toFile());
        Process process = builder.start();
        LineCapture out = LineCapture.start(process.getInputStream(), "agent-cli-stdout");
        LineCapture err = LineCapture.start(process.getErrorStream(), "agent-cli-stderr");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("still running after 60 s: " + command);
        }
        out.awaitEnd(5_000);
        err.awaitEnd(5_000);
        return new AgentJarCommand(command, process.exitValue(), out.lines(), err.lines());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run " + command, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
