/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.internal;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.ConfigLoader;
import dev.agentobs.agent.config.ConfigOptions;
import dev.agentobs.agent.instrumentation.HookDispatcher;
import dev.agentobs.agent.observation.LlmPrices;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.telemetry.logs.correlation.LogCorrelation;
import dev.agentobs.agent.telemetry.metrics.AppServerWatch;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import dev.agentobs.agent.tooling.Installation;
import dev.agentobs.agent.tooling.Installer;
import dev.agentobs.bootstrap.AgentHooks;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;

/**
 * Wires the agent in premain, doing on the application's thread only what must happen before its
 * first class loads: configuration, the observer (buffering), the hook dispatcher and the class
 * transformer. Byte Buddy and the signals start on background threads ({@link Installer}, {@link
 * Signals}).
 */
public final class AgentStarter {

  /**
   * Starts the agent and prints its banner.
   *
   * @param attached {@code true} from {@code agentmain}: classes the app loaded already are
   *     re-instrumented before this returns
   * @return the banner line, which also tells {@code attach} how the start went
   */
  public static String start(String args, Instrumentation inst, boolean attached) {
    long start = System.nanoTime();
    AgentConfig config = ConfigLoader.load(args);
    AgentLog.setDebug("debug".equals(config.getString(ConfigOptions.LOG_LEVEL)));
    SelfStats stats = new SelfStats();
    // the app's MDC is set on the app's own thread from the first request, not after the signals
    LogCorrelation correlation = LogCorrelation.create(config);
    Observer observer =
        new Observer(stats, correlation == null ? List.of() : List.of(correlation));
    observer.setLlmPrices(LlmPrices.withOverrides(config.getString(ConfigOptions.LLM_PRICES)));
    if (config.getBoolean(ConfigOptions.LLM_CAPTURE_CONTENT)) {
      observer.setLlmContentCapture(
          Math.max(16, config.getInt(ConfigOptions.LLM_CAPTURE_MAX_CHARS)));
    }
    AgentHooks.install(
        new HookDispatcher(observer, config.getString(ConfigOptions.REQUEST_ID_HEADER)));

    AppServerWatch appServer = new AppServerWatch();
    List<AgentInstrumentation> active = Instrumentations.active(config);
    Installation installation =
        Installer.install(
            inst,
            active,
            Map.of(AppServerWatch.SERVER_CONFIG_CLASS, appServer::onServerConfigLoaded),
            stats,
            attached);

    Signals signals = new Signals(config, stats, appServer);
    signals.startInBackground(observer, installation.jdkClassesWoven());
    Runtime.getRuntime()
        .addShutdownHook(new Thread(signals::shutdown, "agent-obs-shutdown"));
    String banner = Banner.text(config, active);
    if (attached) {
      banner += ", attached: " + installation.retransformLoaded() + " loaded classes instrumented";
    }
    // the banner first, then one line per thing that is wrong, and nothing else unless debug
    AgentLog.info(banner);
    for (String problem : config.problems()) {
      AgentLog.warn(problem);
    }
    AgentLog.debug("start took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    return banner;
  }

  private AgentStarter() {}
}
