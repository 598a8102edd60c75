/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The sample app running in a child JVM with the agent attached, exporting spans to an {@link
 * OtlpHttpReceiver}:
 *
 * <pre>{@code
 * java -javaagent:agent-obs.jar=metrics.port=<free>,… -jar sample-target-app.jar --port <free>
 * }</pre>
 *
 * <p>stdout and stderr are captured line by line. {@link ObservedApp.Builder#start()} returns once
 * both {@code /health} and the metrics sidecar answer 200.
 */
final class ObservedApp implements AutoCloseable {

  static final String SERVICE_NAME = "sample-agent-service";

  /**
   * Generous: beside the OpenTelemetry Java agent the app takes ~30 s to start on a busy 2-core
   * machine (2 s alone); readiness returns as soon as the app answers.
   */
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  // generous: a probe that times out after the app accepted it is still counted by the agent, and
  // healthChecksAnswered() must match that count (the first request pays for class loading)
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final List<String> command;
  private final int appPort;
  private final int metricsPort;
  private final LineCapture stdout;
  private final LineCapture stderr;
  private final AtomicInteger healthChecksAnswered = new AtomicInteger();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(PROBE_TIMEOUT)
          .build();

  private ObservedApp(Process process, List<String> command, int appPort, int metricsPort) {
    this.process = process;
    this.command = command;
    this.appPort = appPort;
    this.metricsPort = metricsPort;
    stdout = LineCapture.start(process.getInputStream(), "observed-app-stdout");
    stderr = LineCapture.start(process.getErrorStream(), "observed-app-stderr");
  }

  static Builder builder(OtlpHttpReceiver receiver) {
    return new Builder(receiver);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + appPort + path);
  }

  int metricsPort() {
    return metricsPort;
  }

  /** Scrapes the metrics sidecar once. */
  PrometheusText scrapeMetrics() {
    HttpResponse<String> response = get(URI.create(metricsUrl()));
    if (response == null || response.statusCode() != 200) {
      throw new AssertionError(
          "metrics sidecar "
              + metricsUrl()
              + " answered "
              + (response == null ? "nothing" : response.statusCode())
              + "\n"
              + describe());
    }
    return PrometheusText.parse(response.body());
  }

  /** How many {@code GET /health} probes got a 200 while waiting for the app to start. */
  /**
   * Scrapes until the sidecar has counted at least {@code count} requests to {@code endpoint} (or
   * ten seconds passed), and returns the last scrape.
   */
  PrometheusText awaitRequestsCounted(String endpoint, int count) {
    return Await.pollUntil(
        Duration.ofSeconds(10),
        this::scrapeMetrics,
        m -> m.sum("agent_requests_total", java.util.Map.of("endpoint", endpoint)) >= count);
  }

  /**
   * Waits until the app's stdout holds what {@code done} accepts (or ten seconds passed), then
   * parses every line strictly: the log writer writes a request's lines after the metrics counted
   * it.
   */
  JsonLines awaitLogs(Predicate<JsonLines> done) {
    Await.pollUntil(Duration.ofSeconds(10), () -> JsonLines.parseLenient(stdoutLines()), done);
    return JsonLines.parseStrict(stdoutLines());
  }

  /** {@link #awaitLogs} until each request id has a line of {@code event}. */
  JsonLines awaitEachLogged(String event, List<String> requestIds) {
    return awaitLogs(
        logs -> requestIds.stream().noneMatch(id -> logs.events(id, event).isEmpty()));
  }

  int healthChecksAnswered() {
    return healthChecksAnswered.get();
  }

  List<String> stdoutLines() {
    return stdout.lines();
  }

  List<String> stderrLines() {
    return stderr.lines();
  }

  /** The command line, exit state and captured output, for failure messages. */
  String describe() {
    List<String> out = stdoutLines();
    List<String> tail = out.subList(Math.max(0, out.size() - 40), out.size());
    return "--- observed app: "
        + String.join(" ", command)
        + "\n"
        + "--- "
        + (process.isAlive() ? "running" : "exited with " + process.exitValue())
        + "\n"
        + "--- stderr ("
        + stderrLines().size()
        + " lines):\n"
        + String.join("\n", stderrLines())
        + "\n--- stdout (last "
        + tail.size()
        + " of "
        + out.size()
        + " lines):\n"
        + String.join("\n", tail);
  }

  long pid() {
    return process.pid();
  }

  /**
   * Sends SIGTERM, as a container runtime or service manager does, and waits for the JVM to exit.
   *
   * @return how long the exit took, or null if the JVM was still running after {@code timeout}
   */
  Duration terminate(Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    ChildProcesses.sigterm(process);
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      return null;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // let the readers take the last lines the JVM wrote
    stdout.awaitEnd(5000);
    stderr.awaitEnd(5000);
    return took;
  }

  @Override
  public void close() {
    ChildProcesses.stop(process);
  }

  private String metricsUrl() {
    return "http://127.0.0.1:" + metricsPort + "/metrics";
  }

  private void awaitReady(boolean awaitMetrics) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    boolean healthy = false;
    boolean metrics = !awaitMetrics;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        Await.sleep(Duration.ofMillis(200)); // let the readers drain the last lines
        String failure = "the observed app exited during startup\n" + describe();
        throw portTaken() ? new PortTaken(failure) : new IllegalStateException(failure);
      }
      if (awaitMetrics && portTaken()) {
        close();
        throw new PortTaken("a port the observed app was given was taken\n" + describe());
      }
      if (!healthy) {
        HttpResponse<String> health = get(uri("/health"));
        healthy = health != null && health.statusCode() == 200;
        if (healthy) {
          healthChecksAnswered.incrementAndGet();
        }
      }
      if (healthy && !metrics) {
        HttpResponse<String> scrape = get(URI.create(metricsUrl()));
        metrics = scrape != null && scrape.statusCode() == 200;
      }
      if (healthy && metrics) {
        return;
      }
      Await.sleep(Duration.ofMillis(200));
    }
    close();
    throw new IllegalStateException(
        "the observed app did not become ready within "
            + STARTUP_TIMEOUT
            + " (GET /health 200: "
            + healthy
            + ", GET "
            + metricsUrl()
            + " 200: "
            + metrics
            + ")\n"
            + describe());
  }

  /**
   * Whether the app or the agent said a port it was given is in use: another process took it
   * between {@link FreePorts} finding it free and the child binding it.
   */
  private boolean portTaken() {
    return stderrLines().stream()
        .anyMatch(line -> line.contains("already in use"));
  }

  /** Startup failed only because a port was taken: worth another try on fresh ports. */
  static final class PortTaken extends IllegalStateException {
    PortTaken(String message) {
      super(message);
    }
  }

  /** One GET, or null if nothing answered. */
  private HttpResponse<String> get(URI uri) {
    try {
      return http.send(
          HttpRequest.newBuilder(uri).timeout(PROBE_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** What to start: agent arguments, JVM options and environment on top of the defaults. */
  static final class Builder {

    private final OtlpHttpReceiver receiver;
    private final Map<String, String> agentArgs = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> jvmOptionsFirst = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private int metricsPort;
    private Supplier<int[]> freePorts = () -> FreePorts.next(2);
    private boolean awaitMetrics = true;
    private boolean withAgent = true;

    private Builder(OtlpHttpReceiver receiver) {
      this.receiver = receiver;
    }

    /** One {@code key=value} of the agent argument string. */
    Builder agentArg(String key, String value) {
      agentArgs.put(key, value);
      return this;
    }

    /** The sidecar port the agent is told (as {@code metrics.port}) and readiness waits for. */
    Builder metricsPort(int port) {
      metricsPort = port;
      return this;
    }

    /** Where each start takes its app and sidecar ports from (a test's way to hand it taken ones). */
    Builder ports(Supplier<int[]> appAndSidecar) {
      freePorts = appAndSidecar;
      return this;
    }

    /**
     * Whether readiness also waits for a plain, unauthenticated {@code GET /metrics} 200 (not so
     * for a sidecar behind TLS or basic authentication, or one that must not start).
     */
    Builder awaitMetrics(boolean wait) {
      awaitMetrics = wait;
      return this;
    }

    /** The same app and command line without {@code -javaagent}: what the agent must not change. */
    Builder withoutAgent() {
      withAgent = false;
      awaitMetrics = false;
      return this;
    }

    /** A JVM option placed before agent-obs' {@code -javaagent}, e.g. another agent loaded first. */
    Builder jvmOptionFirst(String option) {
      jvmOptionsFirst.add(option);
      return this;
    }

    /** A JVM option such as {@code -Dagent.obs.log.level=debug}. */
    Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    Builder env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /**
     * Starts the app and waits until it is ready. A port taken by another process in the moment
     * between choosing and binding it means new ports and another start, up to three; not where the
     * test chose the sidecar port itself (a taken port may be what it tests).
     */
    ObservedApp start() {
      for (int attempt = 1; ; attempt++) {
        try {
          return startOnce();
        } catch (PortTaken e) {
          if (attempt == 3 || metricsPort > 0) {
            throw e;
          }
          System.err.println("observed app: a port was taken, starting again on fresh ports");
        }
      }
    }

    private ObservedApp startOnce() {
      int[] ports = freePorts.get();
      int appPort = ports[0];
      int sidecarPort = metricsPort > 0 ? metricsPort : ports[1];
      Map<String, String> args = new LinkedHashMap<>();
      args.put("metrics.port", Integer.toString(sidecarPort));
      args.putAll(agentArgs);

      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptionsFirst);
      if (withAgent) {
        command.add("-javaagent:" + BuiltJars.agent() + "=" + joined(args));
      }
      command.addAll(jvmOptions);
      command.add("-jar");
      command.add(BuiltJars.sampleApp().toString());
      command.add("--port");
      command.add(Integer.toString(appPort));

      ProcessBuilder builder = new ProcessBuilder(command);
      // a clean slate: no agent or OTel settings leak in from the environment running the build
      builder
          .environment()
          .keySet()
          .removeIf(k -> k.startsWith("OTEL_") || k.startsWith("AGENT_OBS_"));
      // no protocol: the agent's default (http/protobuf) is what every test exporting here relies on
      builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
      builder.environment().put("OTEL_SERVICE_NAME", SERVICE_NAME);
      builder.environment().put("OTEL_BSP_SCHEDULE_DELAY", "200");
      builder.environment().putAll(environment);
      try {
        // an empty working directory: no stray agent-obs.properties is picked up
        builder.directory(Files.createTempDirectory("agent-obs-it").toFile());
        ObservedApp app = new ObservedApp(builder.start(), command, appPort, sidecarPort);
        app.awaitReady(awaitMetrics);
        return app;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command, e);
      }
    }

    private static String joined(Map<String, String> args) {
      return args.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(","));
    }
  }
}
