/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.internal;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.ConfigLoader;
import dev.agentobs.agent.config.ConfigOptions;
import dev.agentobs.agent.instrumentation.HookDispatcher;
import dev.agentobs.agent.instrumentation.cache.CacheInstrumentation;
import dev.agentobs.agent.instrumentation.jdkhttp.JdkHttpServerInstrumentation;
import dev.agentobs.agent.instrumentation.phase.PhaseInstrumentation;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.telemetry.logs.EventLog;
import dev.agentobs.agent.telemetry.metrics.AgentMetrics;
import dev.agentobs.agent.telemetry.metrics.MetricsSidecar;
import dev.agentobs.agent.telemetry.traces.SpanRecorder;
import dev.agentobs.agent.telemetry.traces.TracingSetup;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import dev.agentobs.agent.tooling.Installer;
import dev.agentobs.bootstrap.AgentHooks;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Wires the agent: configuration, then the signals, the observer that feeds them, the hook
 * dispatcher, and finally the instrumentations. Prints the one-line start-up banner.
 */
public final class AgentStarter {

  public static void start(String args, Instrumentation inst) {
    AgentConfig config = ConfigLoader.load(args);
    AgentLog.setDebug("debug".equals(config.getString(ConfigOptions.LOG_LEVEL)));
    for (String problem : config.problems()) {
      AgentLog.warn(problem);
    }
    SelfStats stats = new SelfStats();
    List<ObservationListener> listeners = new ArrayList<>();
    List<Runnable> shutdown = new ArrayList<>();
    Map<String, Runnable> loadListeners = new HashMap<>();

    // traces first: they give each observation the trace and span ids the others report
    String traces = "off";
    if (config.getBoolean(ConfigOptions.TRACES_ENABLED)) {
      OpenTelemetrySdk sdk = TracingSetup.build(config, stats);
      listeners.add(new SpanRecorder(sdk.getTracer("agent-obs", AgentVersion.get())));
      shutdown.add(() -> sdk.shutdown().join(5, TimeUnit.SECONDS));
      traces = TracingSetup.describeTarget(config);
    }
    String metrics = "off";
    if (config.getBoolean(ConfigOptions.METRICS_ENABLED)) {
      PrometheusRegistry registry = new PrometheusRegistry();
      listeners.add(
          new AgentMetrics(registry, stats, config.getInt(ConfigOptions.METRICS_ENDPOINT_LIMIT)));
      if (config.getBoolean(ConfigOptions.METRICS_JVM_ENABLED)) {
        JvmMetrics.builder().register(registry);
      }
      MetricsSidecar sidecar =
          new MetricsSidecar(
              config.getString(ConfigOptions.METRICS_HOST),
              config.getInt(ConfigOptions.METRICS_PORT),
              config.getInt(ConfigOptions.METRICS_START_DELAY_MS),
              registry);
      loadListeners.put(MetricsSidecar.SERVER_CONFIG_CLASS, sidecar::onServerConfigLoaded);
      sidecar.startInBackground();
      metrics =
          "http://" + config.getString(ConfigOptions.METRICS_HOST) + ":"
              + config.getInt(ConfigOptions.METRICS_PORT) + "/metrics";
    }
    String logs = "off";
    if (config.getBoolean(ConfigOptions.LOGS_ENABLED)) {
      EventLog eventLog =
          EventLog.start(
              config.serviceName(),
              config.getString(ConfigOptions.LOG_LEVEL),
              config.getString(ConfigOptions.LOG_DESTINATION),
              config.getInt(ConfigOptions.LOG_QUEUE_SIZE),
              stats);
      listeners.add(eventLog);
      shutdown.add(eventLog::close);
      logs = config.getString(ConfigOptions.LOG_DESTINATION);
    }

    Observer observer = new Observer(listeners, stats);
    AgentHooks.install(
        new HookDispatcher(observer, config.getString(ConfigOptions.REQUEST_ID_HEADER)));

    List<AgentInstrumentation> enabled = new ArrayList<>();
    addIf(enabled, config.getBoolean(ConfigOptions.PHASE_ENABLED), new PhaseInstrumentation());
    addIf(enabled, config.getBoolean(ConfigOptions.CACHE_ENABLED), new CacheInstrumentation());
    addIf(
        enabled,
        config.getBoolean(ConfigOptions.JDK_HTTPSERVER_ENABLED),
        new JdkHttpServerInstrumentation());
    Installer.install(inst, enabled, loadListeners, stats);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> runAll(shutdown), "agent-obs-shutdown"));
    AgentLog.warn(
        AgentVersion.get() + " started: service " + config.serviceName()
            + ", metrics " + metrics + ", traces " + traces + ", logs " + logs + ", "
            + enabled.size() + " instrumentations");
  }

  private static void addIf(
      List<AgentInstrumentation> list, boolean enabled, AgentInstrumentation instrumentation) {
    if (enabled) {
      list.add(instrumentation);
    }
  }

  /** Shutdown is best effort and never blocks exit for long. */
  private static void runAll(List<Runnable> tasks) {
    for (Runnable task : tasks) {
      try {
        task.run();
      } catch (Throwable t) {
        AgentLog.debug("shutdown step failed: " + t);
      }
    }
  }

  private AgentStarter() {}
}
