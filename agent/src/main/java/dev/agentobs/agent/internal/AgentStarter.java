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
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.telemetry.metrics.AppServerWatch;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import dev.agentobs.agent.tooling.Installer;
import dev.agentobs.bootstrap.AgentHooks;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Wires the agent in premain, doing on the application's thread only what must happen before its
 * first class loads: configuration, the observer (buffering), the hook dispatcher and the class
 * transformer. Byte Buddy and the signals start on background threads ({@link Installer}, {@link
 * Signals}).
 */
public final class AgentStarter {

  public static void start(String args, Instrumentation inst) {
    long start = System.nanoTime();
    AgentConfig config = ConfigLoader.load(args);
    AgentLog.setDebug("debug".equals(config.getString(ConfigOptions.LOG_LEVEL)));
    for (String problem : config.problems()) {
      AgentLog.warn(problem);
    }
    SelfStats stats = new SelfStats();
    Observer observer = new Observer(stats);
    AgentHooks.install(
        new HookDispatcher(observer, config.getString(ConfigOptions.REQUEST_ID_HEADER)));

    AppServerWatch appServer = new AppServerWatch();
    List<AgentInstrumentation> enabled = new ArrayList<>();
    addIf(enabled, config.getBoolean(ConfigOptions.PHASE_ENABLED), new PhaseInstrumentation());
    addIf(enabled, config.getBoolean(ConfigOptions.CACHE_ENABLED), new CacheInstrumentation());
    addIf(
        enabled,
        config.getBoolean(ConfigOptions.JDK_HTTPSERVER_ENABLED),
        new JdkHttpServerInstrumentation());
    CompletableFuture<?> weaverReady =
        Installer.install(
            inst,
            enabled,
            Map.of(AppServerWatch.SERVER_CONFIG_CLASS, appServer::onServerConfigLoaded),
            stats);

    Signals signals = new Signals(config, stats, appServer);
    signals.startInBackground(observer, weaverReady);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(signals::shutdown, "agent-obs-shutdown"));
    AgentLog.warn(
        AgentVersion.get() + " started: service " + config.serviceName()
            + ", metrics " + Signals.describeMetrics(config)
            + ", traces " + Signals.describeTraces(config)
            + ", logs " + Signals.describeLogs(config)
            + ", " + enabled.size() + " instrumentations");
    AgentLog.debug("premain took " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  private static void addIf(
      List<AgentInstrumentation> list, boolean enabled, AgentInstrumentation instrumentation) {
    if (enabled) {
      list.add(instrumentation);
    }
  }

  private AgentStarter() {}
}
