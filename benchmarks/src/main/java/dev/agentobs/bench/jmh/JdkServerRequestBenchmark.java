/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.jmh;

import com.sun.net.httpserver.HttpServer;
import dev.agentobs.bench.BenchService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code GET /work} through the bench service (a JDK HttpServer on a free loopback port, its
 * handler calling the five phases) with a keep-alive {@link HttpClient}: client, loopback TCP,
 * server, agent and all. Allocation per op includes the client's and the server's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdkServerRequestBenchmark {

  private HttpServer server;
  private HttpClient client;
  private HttpRequest request;

  @Setup
  public void start() throws IOException {
    server = BenchService.start(0, 2);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/work"))
            .GET()
            .build();
  }

  @Benchmark
  public int request() throws IOException, InterruptedException {
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /work answered " + response.statusCode());
    }
    return response.body().length;
  }

  @TearDown
  public void stop() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
