/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's configuration: read once at start-up (see {@link ConfigLoader}), immutable, handed
 * down to whatever needs it. Nothing reads system properties or the environment after this.
 */
public final class AgentConfig {

  private final Map<String, Object> values;
  private final Map<String, String> sources;
  private final Map<String, String> environment;
  private final List<String> problems;

  AgentConfig(
      Map<String, Object> values,
      Map<String, String> sources,
      Map<String, String> environment,
      List<String> problems) {
    this.values = Map.copyOf(values);
    this.sources = Map.copyOf(sources);
    this.environment = Map.copyOf(environment);
    this.problems = List.copyOf(problems);
  }

  /** A config from the given key/value pairs over the defaults, ignoring the environment. */
  public static AgentConfig createForTest(Map<String, String> settings) {
    Map<String, String> properties = new HashMap<>();
    settings.forEach((key, value) -> properties.put("agent.obs." + key, value));
    return ConfigLoader.load(null, properties, Map.of());
  }

  public String getString(ConfigOption option) {
    return (String) values.get(option.key());
  }

  public boolean getBoolean(ConfigOption option) {
    return (Boolean) values.get(option.key());
  }

  public int getInt(ConfigOption option) {
    return (Integer) values.get(option.key());
  }

  public PhaseMethods getPhaseMethods(ConfigOption option) {
    return (PhaseMethods) values.get(option.key());
  }

  /** A key's effective value as text, as it would be written in a properties file. */
  public String display(ConfigOption option) {
    Object value = values.get(option.key());
    if (option.type() == ConfigOption.Type.SECRET && value != null && !value.toString().isEmpty()) {
      return "****";
    }
    return String.valueOf(value);
  }

  /**
   * Where a key's value came from: {@code agent arguments}, {@code system property agent.obs.…},
   * {@code environment AGENT_OBS_…}, {@code file PATH} or {@code default}.
   */
  public String sourceOf(ConfigOption option) {
    return sources.getOrDefault(option.key(), "default");
  }

  /**
   * The environment as seen at start-up, for parts (the OTel SDK set-up) that honour standard
   * variables of their own.
   */
  public Map<String, String> environment() {
    return environment;
  }

  /** One line per bad or unknown setting found while loading, already phrased for the user. */
  public List<String> problems() {
    return problems;
  }

  /** The service name: {@code service.name}, else {@code OTEL_SERVICE_NAME}, else agent-service. */
  public String serviceName() {
    String configured = getString(ConfigOptions.SERVICE_NAME);
    if (!configured.isEmpty()) {
      return configured;
    }
    String otel = environment.get("OTEL_SERVICE_NAME");
    return otel == null || otel.isBlank() ? "agent-service" : otel.trim();
  }
}
