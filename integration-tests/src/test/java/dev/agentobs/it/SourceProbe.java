/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A single-file Java program from {@code src/test/resources/probes/} run in the JDK's source-file
 * mode in a child JVM, with the agent attached unless {@link Builder#withoutAgent()}:
 *
 * <pre>{@code
 * java -javaagent:agent-obs.jar=k=v,… <jvm options> probes/Name.java <args>
 * }</pre>
 *
 * <p>No {@code OTEL_*} or {@code AGENT_OBS_*} variable leaks in from the build's environment, the
 * working directory is empty, and stdout and stderr are captured line by line.
 */
final class SourceProbe implements AutoCloseable {

  private final Process process;
  private final List<String> command;
  private final long startedNanos = System.nanoTime();
  private final LineCapture stdout;
  private final LineCapture stderr;

  private SourceProbe(Process process, List<String> command) {
    this.process = process;
    this.command = command;
    stdout = LineCapture.start(process.getInputStream(), "source-probe-stdout");
    stderr = LineCapture.start(process.getErrorStream(), "source-probe-stderr");
  }

  static Builder builder(String sourceFile) {
    return new Builder(probeSource(sourceFile));
  }

  /** An executable jar run the same way ({@code java … -jar <jar> <args>}). */
  static Builder builderForJar(Path jar) {
    Builder builder = new Builder(jar);
    builder.jar = true;
    return builder;
  }

  /**
   * A compiled program: {@code java … -cp <classpath> <mainClass> <args>}, e.g. a fixture app
   * (see {@link BuiltJars#fixtureClasspath}).
   */
  static Builder builderForMain(String classpath, String mainClass) {
    Builder builder = new Builder(mainClass);
    builder.jvmOption("-cp", classpath);
    return builder;
  }

  /** A probe whose source is not a resource, e.g. one a test rewrote. */
  static Builder builder(Path sourceFile) {
    return new Builder(sourceFile);
  }

  /**
   * A copy of {@code probes/<sourceFile>} without its {@code @AgentPhase} annotations and their
   * import: the same program as vendor code would be, with nothing to say what its phases are.
   */
  static Path withoutAnnotations(String sourceFile) {
    try {
      List<String> lines = Files.readAllLines(probeSource(sourceFile));
      List<String> kept =
          lines.stream()
              .filter(line -> !line.trim().startsWith("@AgentPhase"))
              .filter(line -> !line.trim().equals("import dev.agentobs.bootstrap.AgentPhase;"))
              .collect(Collectors.toList());
      if (kept.size() == lines.size()) {
        throw new IllegalStateException("probes/" + sourceFile + " has no @AgentPhase line");
      }
      Path copy = Files.createTempDirectory("agent-obs-unannotated").resolve(sourceFile);
      Files.write(copy, kept);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /**
   * Waits for the probe to exit by itself and for its output to be read; false if it is still
   * running after {@code timeout}.
   */
  boolean awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return false;
      }
      stdout.awaitEnd(5_000);
      stderr.awaitEnd(5_000);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** Time from launch to now. */
  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  List<String> stdoutLines() {
    return stdout.lines();
  }

  List<String> stderrLines() {
    return stderr.lines();
  }

  /** The command line, exit state and captured output, for failure messages. */
  String describe() {
    return "--- probe: "
        + String.join(" ", command)
        + "\n--- "
        + (process.isAlive() ? "running" : "exited with " + process.exitValue())
        + "\n--- stderr:\n"
        + String.join("\n", stderrLines())
        + "\n--- stdout:\n"
        + String.join("\n", stdoutLines());
  }

  @Override
  public void close() {
    ChildProcesses.stop(process);
  }

  /** The {@code java} launcher running this test, so the probe runs on the same JDK. */
  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static Path probeSource(String sourceFile) {
    URL url = SourceProbe.class.getResource("/probes/" + sourceFile);
    if (url == null) {
      throw new IllegalStateException("no probes/" + sourceFile + " on the test class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(url.toString(), e);
    }
  }

  /** What to run: agent arguments, JVM options, environment and program arguments. */
  static final class Builder {

    private final String program;
    private final Map<String, String> agentArgs = new LinkedHashMap<>();
    private boolean withAgent = true;
    private boolean jar;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> programArgs = new ArrayList<>();

    private Builder(Path sourceFile) {
      this(sourceFile.toString());
    }

    private Builder(String program) {
      this.program = program;
    }

    /** Start the probe with no {@code -javaagent}, for the agent to be attached later. */
    Builder withoutAgent() {
      withAgent = false;
      return this;
    }

    /** One {@code key=value} of the agent argument string. */
    Builder agentArg(String key, String value) {
      agentArgs.put(key, value);
      return this;
    }

    /** A launcher option placed before the source file, e.g. {@code --add-opens …}. */
    Builder jvmOption(String... option) {
      jvmOptions.addAll(List.of(option));
      return this;
    }

    Builder env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** Arguments of the probe's {@code main}. */
    Builder args(String... args) {
      programArgs.addAll(List.of(args));
      return this;
    }

    SourceProbe start() {
      List<String> command = new ArrayList<>();
      command.add(javaBinary());
      if (withAgent) {
        command.add(
            "-javaagent:"
                + BuiltJars.agent()
                + (agentArgs.isEmpty()
                    ? ""
                    : "="
                        + agentArgs.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(","))));
      }
      command.addAll(jvmOptions);
      if (jar) {
        command.add("-jar");
      }
      command.add(program);
      command.addAll(programArgs);

      ProcessBuilder builder = new ProcessBuilder(command);
      builder
          .environment()
          .keySet()
          .removeIf(k -> k.startsWith("OTEL_") || k.startsWith("AGENT_OBS_"));
      builder.environment().putAll(environment);
      try {
        builder.directory(Files.createTempDirectory("agent-obs-probe").toFile());
        return new SourceProbe(builder.start(), command);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command, e);
      }
    }
  }

  /**
   * Prints the watched probes' command lines and output when a test fails.
   *
   * <pre>{@code
   * @RegisterExtension
   * final SourceProbe.OutputOnFailure output = new SourceProbe.OutputOnFailure();
   * SourceProbe probe = output.watch(SourceProbe.builder("Name.java").start());
   * }</pre>
   */
  static final class OutputOnFailure implements TestWatcher {

    private final List<SourceProbe> probes = new CopyOnWriteArrayList<>();

    SourceProbe watch(SourceProbe probe) {
      probes.add(probe);
      return probe;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      for (SourceProbe probe : probes) {
        System.err.println("[" + context.getDisplayName() + " failed]\n" + probe.describe());
      }
    }
  }
}
