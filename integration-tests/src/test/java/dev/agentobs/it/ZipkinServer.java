/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A real Zipkin server ({@code io.zipkin:zipkin-server}'s exec jar, fetched by this module's pom)
 * with in-memory storage, on a free loopback port.
 */
final class ZipkinServer implements AutoCloseable {

  // a Spring Boot server of 130 MB: slow to start on a shared two-core machine
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

  private final ServerProcess process;
  private final int port;

  private ZipkinServer(ServerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static ZipkinServer start() {
    int port = FreePorts.next();
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            // start-up speed over peak throughput: a test stores a handful of traces
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            BuiltJars.zipkinServer().toString(),
            "--armeria.ports[0].ip=127.0.0.1",
            "--armeria.ports[0].port=" + port,
            "--armeria.ports[0].protocols=http");
    try {
      Path workDir = Files.createTempDirectory("zipkin-it");
      return new ZipkinServer(
          ServerProcess.start(
              "zipkin", command, workDir, URI.create(base(port) + "/health"), STARTUP_TIMEOUT),
          port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the agent's Zipkin exporter posts spans. */
  String spansEndpoint() {
    return base(port) + "/api/v2/spans";
  }

  /** The stored spans of one trace, waiting up to {@code timeout} for at least {@code spans}. */
  /**
   * The trace once Zipkin holds at least {@code spans} of its spans, {@code ids} among them: spans
   * arrive batch by batch, and a count alone can be reached before the one a test looks for.
   */
  JsonNode trace(String traceId, int spans, Collection<String> ids, Duration timeout) {
    URI uri = URI.create(base(port) + "/api/v2/trace/" + traceId);
    // 404 until the first span of the trace is stored
    Await.pollUntil(timeout, () -> HttpJson.status(uri), status -> status == 200);
    return Await.pollUntil(timeout, () -> HttpJson.get(uri),
        trace -> trace.size() >= spans && idsOf(trace).containsAll(ids));
  }

  private static Set<String> idsOf(JsonNode trace) {
    Set<String> ids = new HashSet<>();
    for (JsonNode span : trace) {
      ids.add(span.path("id").asText());
    }
    return ids;
  }

  JsonNode services() {
    return HttpJson.get(URI.create(base(port) + "/api/v2/services"));
  }

  String describe() {
    return process.describe();
  }

  @Override
  public void close() {
    process.close();
  }

  private static String base(int port) {
    return "http://127.0.0.1:" + port;
  }
}
