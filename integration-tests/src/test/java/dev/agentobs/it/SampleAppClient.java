/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Calls the sample app's HTTP API. */
final class SampleAppClient {

  static final String TASK_PATH = "/api/v1/task";

  private final ObservedApp app;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  SampleAppClient(ObservedApp app) {
    this.app = app;
  }

  /**
   * {@code POST /api/v1/task} with the JSON body {@code {"task":…,"user_id":…,"simulate":…}}
   * ({@code simulate} only if not null) and extra request headers as name, value pairs.
   */
  Response postTask(String task, String simulate, String... headers) {
    StringBuilder json =
        new StringBuilder("{\"task\":\"").append(task).append("\",\"user_id\":\"it-user\"");
    if (simulate != null) {
      json.append(",\"simulate\":\"").append(simulate).append('"');
    }
    json.append('}');
    HttpRequest.Builder request =
        HttpRequest.newBuilder(app.uri(TASK_PATH))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.toString()));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(30)).build());
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("X-Request-ID").orElse(null),
          response.headers().map(),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A response, with its {@code X-Request-ID} header pulled out. */
  record Response(int status, String requestId, Map<String, List<String>> headers, String body) {

    JsonNode json() {
      return JsonLines.parseObject(body);
    }
  }
}
