/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.httpclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The application's request with a few headers added: everything else is the original's. The JDK
 * client copies a request's parts into its own request object before sending, so this view lives
 * only as long as the send call.
 */
final class PropagatingRequest extends HttpRequest {

  private final HttpRequest original;
  private final HttpHeaders headers;

  /** {@code added}: name, value, name, value, …; names the original has already are not added. */
  PropagatingRequest(HttpRequest original, String... added) {
    this.original = original;
    Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    all.putAll(original.headers().map());
    for (int i = 0; i < added.length; i += 2) {
      if (added[i + 1] != null && !all.containsKey(added[i])) {
        List<String> value = new ArrayList<>(1);
        value.add(added[i + 1]);
        all.put(added[i], value);
      }
    }
    this.headers = HttpHeaders.of(all, (name, value) -> true);
  }

  @Override
  public Optional<BodyPublisher> bodyPublisher() {
    return original.bodyPublisher();
  }

  @Override
  public String method() {
    return original.method();
  }

  @Override
  public Optional<Duration> timeout() {
    return original.timeout();
  }

  @Override
  public boolean expectContinue() {
    return original.expectContinue();
  }

  @Override
  public URI uri() {
    return original.uri();
  }

  @Override
  public Optional<HttpClient.Version> version() {
    return original.version();
  }

  @Override
  public HttpHeaders headers() {
    return headers;
  }
}
