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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real server the test runs as a child process (Zipkin, Prometheus, Alertmanager): its output
 * captured, ready once a URL answers 200, stopped on {@link #close()}.
 */
final class ServerProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final List<String> command;
  private final Process process;
  private final LineCapture stdout;
  private final LineCapture stderr;

  private ServerProcess(String name, List<String> command, Process process) {
    this.name = name;
    this.command = command;
    this.process = process;
    stdout = LineCapture.start(process.getInputStream(), name + "-stdout");
    stderr = LineCapture.start(process.getErrorStream(), name + "-stderr");
  }

  /**
   * Starts {@code command} in {@code workDir} and waits until {@code readiness} answers 200. A
   * server that exits or stays unready past {@code timeout} is stopped and reported with its
   * output.
   */
  static ServerProcess start(
      String name, List<String> command, Path workDir, URI readiness, Duration timeout) {
    ServerProcess server;
    try {
      server =
          new ServerProcess(
              name, command, new ProcessBuilder(command).directory(workDir.toFile()).start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!server.answers200(readiness)) {
      if (!server.process.isAlive() || System.nanoTime() > deadline) {
        Await.sleep(Duration.ofMillis(200)); // let the readers drain the last lines
        String state = server.process.isAlive() ? "not ready within " + timeout : "exited";
        server.close();
        throw new IllegalStateException(name + " " + state + " (" + readiness + ")\n" + server.describe());
      }
      Await.sleep(Duration.ofMillis(250));
    }
    return server;
  }

  /** The command line, state and last lines of output, for failure messages. */
  String describe() {
    List<String> out = stdout.lines();
    List<String> err = stderr.lines();
    return "--- "
        + name
        + ": "
        + String.join(" ", command)
        + "\n--- "
        + (process.isAlive() ? "running" : "exited with " + process.exitValue())
        + "\n--- stdout (last lines):\n"
        + String.join("\n", out.subList(Math.max(0, out.size() - 30), out.size()))
        + "\n--- stderr (last lines):\n"
        + String.join("\n", err.subList(Math.max(0, err.size() - 30), err.size()));
  }

  @Override
  public void close() {
    ChildProcesses.stop(process);
  }

  private boolean answers200(URI uri) {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
