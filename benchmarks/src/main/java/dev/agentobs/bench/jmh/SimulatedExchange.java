/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.jmh;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@code GET /work} exchange in a {@code /work} context served by {@code handler}:
 * lets a benchmark pass a request through the JDK's {@link Filter.Chain} to the handler, as the
 * server does, so an agent observes a request without any socket or server thread. Reusable: the
 * response code is reset by {@link #reset()}.
 */
final class SimulatedExchange extends HttpExchange {

  private static final URI URI_WORK = URI.create("/work");
  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 8080);

  private final Headers requestHeaders = new Headers();
  private final Headers responseHeaders = new Headers();
  private final HttpContext context;
  private int responseCode = -1;

  SimulatedExchange(HttpHandler handler) {
    this.context = new WorkContext(handler);
  }

  void reset() {
    responseCode = -1;
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return URI_WORK;
  }

  @Override
  public String getRequestMethod() {
    return "GET";
  }

  @Override
  public HttpContext getHttpContext() {
    return context;
  }

  @Override
  public void close() {}

  @Override
  public InputStream getRequestBody() {
    return InputStream.nullInputStream();
  }

  @Override
  public OutputStream getResponseBody() {
    return OutputStream.nullOutputStream();
  }

  @Override
  public void sendResponseHeaders(int rCode, long responseLength) {
    responseCode = rCode;
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return LOOPBACK;
  }

  @Override
  public int getResponseCode() {
    return responseCode;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return LOOPBACK;
  }

  @Override
  public String getProtocol() {
    return "HTTP/1.1";
  }

  @Override
  public Object getAttribute(String name) {
    return null;
  }

  @Override
  public void setAttribute(String name, Object value) {}

  @Override
  public void setStreams(InputStream i, OutputStream o) {}

  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }

  /** The {@code /work} context the exchange belongs to (the agent reads its path as the route). */
  private static final class WorkContext extends HttpContext {
    private final Map<String, Object> attributes = new HashMap<>();
    private final HttpHandler handler;

    WorkContext(HttpHandler handler) {
      this.handler = handler;
    }

    @Override
    public HttpHandler getHandler() {
      return handler;
    }

    @Override
    public void setHandler(HttpHandler handler) {}

    @Override
    public String getPath() {
      return "/work";
    }

    @Override
    public HttpServer getServer() {
      return null;
    }

    @Override
    public Map<String, Object> getAttributes() {
      return attributes;
    }

    @Override
    public List<Filter> getFilters() {
      return List.of();
    }

    @Override
    public Authenticator setAuthenticator(Authenticator auth) {
      return null;
    }

    @Override
    public Authenticator getAuthenticator() {
      return null;
    }
  }
}
