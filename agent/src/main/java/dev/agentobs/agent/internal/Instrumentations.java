/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.internal;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.ConfigOption;
import dev.agentobs.agent.config.ConfigOptions;
import dev.agentobs.agent.config.PhaseMethods;
import dev.agentobs.agent.instrumentation.anthropic.AnthropicInstrumentation;
import dev.agentobs.agent.instrumentation.cache.CacheInstrumentation;
import dev.agentobs.agent.instrumentation.executor.ExecutorInstrumentation;
import dev.agentobs.agent.instrumentation.forkjoin.ForkJoinInstrumentation;
import dev.agentobs.agent.instrumentation.httpclient.HttpClientInstrumentation;
import dev.agentobs.agent.instrumentation.javalin.JavalinInstrumentation;
import dev.agentobs.agent.instrumentation.jdkhttp.JdkHttpServerInstrumentation;
import dev.agentobs.agent.instrumentation.julconsole.JulConsoleInstrumentation;
import dev.agentobs.agent.instrumentation.langchain4j.LangChain4jInstrumentation;
import dev.agentobs.agent.instrumentation.log4j.Log4jAppenderInstrumentation;
import dev.agentobs.agent.instrumentation.logback.LogbackAppenderInstrumentation;
import dev.agentobs.agent.instrumentation.methods.MethodsInstrumentation;
import dev.agentobs.agent.instrumentation.openai.OpenAiInstrumentation;
import dev.agentobs.agent.instrumentation.phase.PhaseInstrumentation;
import dev.agentobs.agent.instrumentation.servlet.ServletInstrumentation;
import dev.agentobs.agent.instrumentation.thread.ThreadInstrumentation;
import dev.agentobs.agent.instrumentation.urlconnection.UrlConnectionInstrumentation;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Every instrumentation the agent has, with its on/off switch: what premain installs and what
 * {@code list-instrumentations} shows. Creating one loads nothing of Byte Buddy's matching yet.
 */
public final class Instrumentations {

  /** All instrumentations as the configuration leaves them, in a fixed order. */
  public static List<Entry> describe(AgentConfig config) {
    PhaseMethods included = config.getPhaseMethods(ConfigOptions.PHASES_INCLUDE);
    boolean annotations = config.getBoolean(ConfigOptions.PHASE_ENABLED);
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(new PhaseInstrumentation(), ConfigOptions.PHASE_ENABLED, config, null));
    entries.add(new Entry(new CacheInstrumentation(), ConfigOptions.CACHE_ENABLED, config, null));
    entries.add(
        new Entry(
            new JdkHttpServerInstrumentation(), ConfigOptions.JDK_HTTPSERVER_ENABLED, config, null));
    entries.add(
        new Entry(new ServletInstrumentation(), ConfigOptions.SERVLET_ENABLED, config, null));
    entries.add(
        new Entry(new JavalinInstrumentation(), ConfigOptions.JAVALIN_ENABLED, config, null));
    entries.add(
        new Entry(
            new HttpClientInstrumentation(), ConfigOptions.JAVA_HTTP_CLIENT_ENABLED, config, null));
    entries.add(
        new Entry(
            new UrlConnectionInstrumentation(),
            ConfigOptions.HTTP_URL_CONNECTION_ENABLED,
            config,
            null));
    entries.add(
        new Entry(new ExecutorInstrumentation(), ConfigOptions.EXECUTOR_ENABLED, config, null));
    entries.add(
        new Entry(new ForkJoinInstrumentation(), ConfigOptions.FORK_JOIN_ENABLED, config, null));
    entries.add(
        new Entry(new ThreadInstrumentation(), ConfigOptions.THREAD_ENABLED, config, null));
    entries.add(
        new Entry(
            new LangChain4jInstrumentation(), ConfigOptions.LANGCHAIN4J_ENABLED, config, null));
    entries.add(new Entry(new OpenAiInstrumentation(), ConfigOptions.OPENAI_ENABLED, config, null));
    entries.add(
        new Entry(new AnthropicInstrumentation(), ConfigOptions.ANTHROPIC_ENABLED, config, null));
    entries.add(
        new Entry(
            new MethodsInstrumentation(included, annotations),
            ConfigOptions.METHODS_ENABLED,
            config,
            included.isEmpty() ? "phases.include is empty" : null));
    String reformatOff = reformatOff(config);
    entries.add(
        new Entry(
            new LogbackAppenderInstrumentation(),
            ConfigOptions.LOGBACK_APPENDER_ENABLED,
            config,
            reformatOff));
    entries.add(
        new Entry(
            new Log4jAppenderInstrumentation(),
            ConfigOptions.LOG4J_APPENDER_ENABLED,
            config,
            reformatOff));
    entries.add(
        new Entry(
            new JulConsoleInstrumentation(), ConfigOptions.JUL_CONSOLE_ENABLED, config, reformatOff));
    return entries;
  }

  /** Why the app's console output is left as it is, or {@code null} when it is reformatted. */
  private static String reformatOff(AgentConfig config) {
    if (!config.getBoolean(ConfigOptions.LOG_REFORMAT)) {
      return "log.reformat is off";
    }
    return config.getBoolean(ConfigOptions.LOGS_ENABLED) ? null : "logs.enabled=false";
  }

  /** The instrumentations to install: switched on and with something to do. */
  public static List<AgentInstrumentation> active(AgentConfig config) {
    List<AgentInstrumentation> active = new ArrayList<>();
    for (Entry entry : describe(config)) {
      if (entry.isActive()) {
        active.add(entry.instrumentation());
      }
    }
    return active;
  }

  /** One instrumentation, its switch and whether the configuration leaves it on. */
  public static final class Entry {
    private final AgentInstrumentation instrumentation;
    private final ConfigOption switchOption;
    private final String offBecause;

    Entry(
        AgentInstrumentation instrumentation,
        ConfigOption switchOption,
        AgentConfig config,
        String idleBecause) {
      this.instrumentation = instrumentation;
      this.switchOption = switchOption;
      if (!config.getBoolean(switchOption)) {
        this.offBecause = switchOption.key() + "=false (" + config.sourceOf(switchOption) + ")";
      } else {
        this.offBecause = idleBecause;
      }
    }

    public AgentInstrumentation instrumentation() {
      return instrumentation;
    }

    public ConfigOption switchOption() {
      return switchOption;
    }

    public boolean isActive() {
      return offBecause == null;
    }

    /** Why it is off, or {@code null} when it is on. */
    public String offBecause() {
      return offBecause;
    }
  }

  private Instrumentations() {}
}
