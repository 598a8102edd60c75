/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** GETs of the JSON APIs the tests read (Zipkin, Prometheus, Alertmanager). */
final class HttpJson {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The body of a 200 answer as JSON; any other answer fails the test with the body shown. */
  static JsonNode get(URI uri) {
    HttpResponse<String> response = send(uri);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return JsonLines.parseObject(response.body());
  }

  /** The status code of a GET, for APIs that answer 404 until data arrives. */
  static int status(URI uri) {
    return send(uri).statusCode();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> send(URI uri) {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private HttpJson() {}
}
