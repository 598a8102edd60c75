/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * One HTTP exchange written down as text (status, the headers the app set, the body bytes; or the
 * failure the client saw), so that two runs of an app, with and without the agent, compare equal.
 */
final class HttpExchanges {

  /** Headers that differ between any two runs, or that the agent adds on purpose. */
  private static final Set<String> NOT_THE_APPS = Set.of("date", "x-request-id");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Text as text, anything else as base64: a failure message a person can read. */
  private static String readable(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    boolean roundTrips = java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), body);
    return roundTrips && text.chars().allMatch(c -> c >= ' ' || c == '\n')
        ? "'" + text + "'"
        : "base64:" + Base64.getEncoder().encodeToString(body);
  }

  /** The exchange as text; {@code body} null for a GET. */
  String describe(URI uri, String method, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      TreeMap<String, Object> appHeaders = new TreeMap<>();
      response.headers().map().forEach((name, values) -> {
        if (!NOT_THE_APPS.contains(name.toLowerCase(Locale.ROOT))) {
          appHeaders.put(name.toLowerCase(Locale.ROOT), values);
        }
      });
      return method + " " + uri.getPath() + " -> " + response.statusCode() + " " + appHeaders
          + " " + readable(response.body());
    } catch (IOException e) {
      return method + " " + uri.getPath() + " -> failed with " + e.getClass().getName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
