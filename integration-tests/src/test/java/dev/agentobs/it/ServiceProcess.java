/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the tests of child-JVM web services share: waiting for a port to accept connections (no
 * request sent, so nothing is observed), plain requests, and scraping the agent's metrics sidecar.
 */
final class ServiceProcess {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Waits until something accepts connections on the loopback {@code port}. */
  static boolean awaitPort(int port, Duration timeout) {
    return Await.pollUntil(timeout, () -> accepts(port), Boolean::booleanValue);
  }

  /** One request, with {@code headers} as name, value, …; fails the test if nothing answers. */
  static HttpResponse<String> send(String method, URI uri, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(method + " " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static HttpResponse<String> get(URI uri, String... headers) {
    return send("GET", uri, headers);
  }

  /** Scrapes the agent's sidecar on {@code metricsPort}. */
  static PrometheusText scrape(int metricsPort) {
    HttpResponse<String> response = get(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"));
    if (response.statusCode() != 200) {
      throw new AssertionError("metrics answered " + response.statusCode());
    }
    return PrometheusText.parse(response.body());
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private ServiceProcess() {}
}
