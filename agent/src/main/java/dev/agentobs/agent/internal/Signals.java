/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.internal;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.ConfigOptions;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.telemetry.logs.EventLog;
import dev.agentobs.agent.telemetry.metrics.AgentMetrics;
import dev.agentobs.agent.telemetry.metrics.JvmMetricGroups;
import dev.agentobs.agent.telemetry.metrics.AppServerWatch;
import dev.agentobs.agent.telemetry.metrics.MetricsSidecar;
import dev.agentobs.agent.telemetry.metrics.SidecarSecurity;
import dev.agentobs.agent.telemetry.traces.SpanRecorder;
import dev.agentobs.agent.telemetry.traces.TraceTarget;
import dev.agentobs.agent.telemetry.traces.TracingSetup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Builds the three signals on a background thread and hands them to the {@link Observer}, which
 * replays what it buffered meanwhile. Traces come first in the listener order: they give each
 * observation the trace and span ids that metrics (exemplars) and logs report.
 */
final class Signals {

  private final AgentConfig config;
  private final SelfStats stats;
  private final AppServerWatch appServer;
  private final List<Runnable> shutdown = new ArrayList<>();
  private final List<Runnable> afterActivation = new ArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile Observer observer;
  /** How long exit waits for requests in progress, typically ones whose response was just sent. */
  static final long LAST_REQUESTS_MILLIS = 2000;

  Signals(AgentConfig config, SelfStats stats, AppServerWatch appServer) {
    this.config = config;
    this.stats = stats;
    this.appServer = appServer;
  }

  /**
   * Builds the signals once {@code after} completes (Byte Buddy's preparation and the JDK classes'
   * weave), activates them and opens the sidecar. One step after the other, not side by side: on
   * two cores, a third background thread beside the weaver's warm-up and the JDK classes' weave
   * took CPU from the app's own start (first 200 at 1,094 ms against 988, medians of 10
   * interleaved start-ups of the bench service). Until activation every observation waits in the
   * start-up buffer.
   */
  void startInBackground(Observer observer, CompletableFuture<?> after) {
    this.observer = observer;
    Thread thread =
        new Thread(
            () -> {
              try {
                awaitQuietly(after);
                long start = System.nanoTime();
                observer.activate(build());
                AgentLog.debugTook("signals active", start);
                // the sidecar answers only once every signal receives and every request is
                // followed into other threads: a scraper (or a test) that sees /metrics up knows
                // the requests it sends from then on are traced whole
                for (Runnable step : afterActivation) {
                  step.run();
                }
                AgentLog.debugTook("signals ready", start);
              } catch (Throwable t) {
                AgentLog.warn("signals failed to start, telemetry is off: " + t);
              } finally {
                ready.countDown();
              }
            },
            "agent-obs-signals-init");
    thread.setDaemon(true);
    thread.start();
  }

  private static void awaitQuietly(CompletableFuture<?> future) {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // instrumentation failed or is slow: the signals still start
    }
  }

  private List<ObservationListener> build() {
    List<ObservationListener> listeners = new ArrayList<>();
    if (config.getBoolean(ConfigOptions.TRACES_ENABLED)) {
      long start = System.nanoTime();
      TracingSetup.Tracing tracing = TracingSetup.start(config, stats);
      listeners.add(tracing.recorder());
      AgentLog.debugTook("traces built", start);
      onShutdown(
          () -> AgentLog.debug("traces flushed at exit: " + (tracing.shutdown(5) ? "ok" : "failed")));
    }
    if (config.getBoolean(ConfigOptions.METRICS_ENABLED)) {
      long start = System.nanoTime();
      PrometheusRegistry registry = new PrometheusRegistry();
      listeners.add(
          new AgentMetrics(
              registry,
              stats,
              config.getInt(ConfigOptions.METRICS_ENDPOINT_LIMIT),
              config.getInt(ConfigOptions.METRICS_MODEL_LIMIT)));
      if (config.getBoolean(ConfigOptions.METRICS_JVM_ENABLED)) {
        JvmMetricGroups.register(registry);
      }
      MetricsSidecar sidecar =
          new MetricsSidecar(
              config.getString(ConfigOptions.METRICS_HOST),
              config.getInt(ConfigOptions.METRICS_PORT),
              config.getInt(ConfigOptions.METRICS_START_DELAY_MS),
              registry,
              appServer,
              sidecarSecurity(config));
      afterActivation.add(sidecar::startInBackground);
      AgentLog.debugTook("metrics built", start);
      onShutdown(sidecar::stop);
    }
    if (config.getBoolean(ConfigOptions.LOGS_ENABLED)) {
      EventLog eventLog = EventLog.start(config, stats);
      listeners.add(eventLog);
      onShutdown(eventLog::close);
    }
    return listeners;
  }

  private synchronized void onShutdown(Runnable task) {
    shutdown.add(task);
  }

  /**
   * Flushes what the signals hold (spans, log lines) at JVM exit. Waits briefly for a start-up
   * still in progress, so even a very short-lived job reports, and for requests still in progress,
   * so a request whose response just went out is reported; never blocks exit for long.
   */
  void shutdown() {
    try {
      ready.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Observer watched = observer;
    if (watched != null && !watched.awaitTasksEnded(LAST_REQUESTS_MILLIS)) {
      AgentLog.debug("requests still in progress at exit are not reported");
    }
    List<Runnable> tasks;
    synchronized (this) {
      tasks = new ArrayList<>(shutdown);
    }
    // in build order: spans flushed first, the log writer (which must drain last) at the end
    for (Runnable task : tasks) {
      try {
        task.run();
      } catch (Throwable t) {
        AgentLog.debug("shutdown step failed: " + t);
      }
    }
  }

  private static SidecarSecurity sidecarSecurity(AgentConfig config) {
    return new SidecarSecurity(
        config.getString(ConfigOptions.METRICS_AUTH_USERNAME),
        config.getString(ConfigOptions.METRICS_AUTH_PASSWORD),
        config.getString(ConfigOptions.METRICS_TLS_KEYSTORE),
        config.getString(ConfigOptions.METRICS_TLS_KEYSTORE_PASSWORD));
  }

  static String describeMetrics(AgentConfig config) {
    if (!config.getBoolean(ConfigOptions.METRICS_ENABLED)) {
      return "off";
    }
    // from the setting alone: the banner must not load the sidecar's classes on the main thread
    String scheme = config.getString(ConfigOptions.METRICS_TLS_KEYSTORE).isEmpty() ? "http" : "https";
    return scheme + "://" + config.getString(ConfigOptions.METRICS_HOST) + ":"
        + config.getInt(ConfigOptions.METRICS_PORT) + "/metrics";
  }

  static String describeTraces(AgentConfig config) {
    return config.getBoolean(ConfigOptions.TRACES_ENABLED)
        ? TraceTarget.describe(config)
        : "off";
  }

  static String describeLogs(AgentConfig config) {
    if (!config.getBoolean(ConfigOptions.LOGS_ENABLED)) {
      return "off";
    }
    String destination = config.getString(ConfigOptions.LOG_DESTINATION);
    return "file".equals(destination) ? config.getString(ConfigOptions.LOG_FILE) : destination;
  }
}
