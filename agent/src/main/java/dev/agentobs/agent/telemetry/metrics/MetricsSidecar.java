/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import dev.agentobs.agent.internal.AgentLog;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves {@code /metrics} with Prometheus's {@link HTTPServer}, on a daemon thread, without
 * disturbing the application's JVM settings.
 *
 * <p>Two traps, both from {@code com.sun.net.httpserver}: (1) {@code HTTPServer}'s static
 * initialiser sets {@code sun.net.httpserver.maxReqTime}/{@code maxRspTime} when absent, which
 * would cut the app's long streamed responses; we put those properties back as they were. (2) The
 * JDK reads every {@code sun.net.httpserver.*} setting once, when the first server is created; a
 * sidecar created in premain would freeze them before the app's {@code main} could set its own
 * ({@code nodelay}, say). So the sidecar waits until the app has created its own server (its first
 * load of {@code sun.net.httpserver.ServerConfig}) or, for apps that never do, a short delay.
 */
public final class MetricsSidecar {

  private static final String[] TOUCHED_PROPERTIES = {
    "sun.net.httpserver.maxReqTime", "sun.net.httpserver.maxRspTime"
  };

  private final String host;
  private final int port;
  private final long delayMillis;
  private final PrometheusRegistry registry;
  private final AppServerWatch watch;
  private final SidecarSecurity security;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile HTTPServer server;

  public MetricsSidecar(
      String host,
      int port,
      long delayMillis,
      PrometheusRegistry registry,
      AppServerWatch watch,
      SidecarSecurity security) {
    this.security = security;
    this.host = host;
    this.port = port;
    this.delayMillis = delayMillis;
    this.registry = registry;
    this.watch = watch;
  }

  /** Starts the sidecar thread; returns at once. */
  public void startInBackground() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    Thread thread = new Thread(this::waitAndServe, "agent-obs-metrics-start");
    thread.setDaemon(true);
    thread.start();
  }

  private void waitAndServe() {
    try {
      if (watch.awaitAppServer(delayMillis)) {
        // the app's ServerConfig loads just before its static initialiser runs; let it finish
        Thread.sleep(50);
      }
      serve();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void serve() {
    watch.ownServerStarting();
    try {
      loadHttpServerClassKeepingProperties();
      HTTPServer.Builder builder = HTTPServer.builder().hostname(host).port(port).registry(registry);
      server = security.apply(builder).buildAndStart();
      AgentLog.debug(
          "metrics sidecar listening on " + security.scheme() + "://" + host + ":"
              + server.getPort());
    } catch (java.net.BindException e) {
      AgentLog.warn(
          "metrics port " + port + " is already in use; metrics are off, the application runs"
              + " on (set metrics.port to a free port)");
    } catch (java.io.IOException e) {
      AgentLog.warn("metrics are off: " + e.getMessage());
    } catch (Throwable t) {
      AgentLog.warn("metrics sidecar could not start on " + host + ":" + port + ": " + t);
    }
  }

  public void stop() {
    HTTPServer s = server;
    if (s != null) {
      s.stop();
    }
  }

  private static void loadHttpServerClassKeepingProperties() throws ClassNotFoundException {
    String[] before = new String[TOUCHED_PROPERTIES.length];
    for (int i = 0; i < before.length; i++) {
      before[i] = System.getProperty(TOUCHED_PROPERTIES[i]);
    }
    Class.forName(HTTPServer.class.getName(), true, MetricsSidecar.class.getClassLoader());
    for (int i = 0; i < before.length; i++) {
      if (before[i] == null) {
        System.clearProperty(TOUCHED_PROPERTIES[i]);
      } else {
        System.setProperty(TOUCHED_PROPERTIES[i], before[i]);
      }
    }
  }
}
