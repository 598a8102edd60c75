/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import java.net.URI;

/**
 * One outgoing HTTP call (a CLIENT span): made within the observation that was current on the
 * calling thread, or, outside any task, a root of its own.
 *
 * <p>Unlike tasks and phases a call is never current on a thread: nothing runs "inside" it, and an
 * asynchronous call ends on whichever thread completes it. The application thread only stores the
 * method and the {@link URI} it already has; host, port and the URL string are derived by the
 * signals, mostly on their background threads.
 */
public final class ClientCallObservation extends Observation {

  private final String method;
  private final URI uri;
  private int statusCode;

  ClientCallObservation(Observation parent, String method, URI uri) {
    super(parent == null ? null : parent.task(), parent);
    this.method = method;
    this.uri = uri;
  }

  /** The request method, e.g. {@code GET}. */
  public String method() {
    return method;
  }

  public URI uri() {
    return uri;
  }

  /**
   * The host and, when the URL names one, port: a bounded label for metrics. User info is never
   * part of it.
   */
  public String hostLabel() {
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return "";
    }
    int at = authority.lastIndexOf('@');
    return at < 0 ? authority : authority.substring(at + 1);
  }

  /** The host name or address ({@code server.address}). */
  public String host() {
    String host = uri.getHost();
    return host == null ? "" : host;
  }

  /** The port called: the URL's own, else the scheme's default ({@code server.port}). */
  public int port() {
    int port = uri.getPort();
    if (port > 0) {
      return port;
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** The URL without user info ({@code url.full}). */
  public String url() {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.getScheme() + "://" + hostLabel() + (uri.getRawPath() == null ? "" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** The response's status, or 0 when none arrived (the call failed). */
  public int statusCode() {
    return statusCode;
  }

  /** Failed: no response (an exception), or a 4xx/5xx answer. */
  public boolean failed() {
    return error() != null || statusCode >= 400;
  }

  void end(int statusCode, Throwable thrown) {
    this.statusCode = statusCode;
    end(thrown);
  }

  @Override
  public String toString() {
    return "ClientCall[" + method + " " + hostLabel() + " " + statusCode + "]";
  }
}
