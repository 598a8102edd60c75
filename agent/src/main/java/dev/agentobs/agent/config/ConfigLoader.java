/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the {@link AgentConfig} from its sources, highest precedence first: agent arguments
 * ({@code -javaagent:agent-obs.jar=k=v,k=v}), system properties ({@code agent.obs.*}), environment
 * ({@code AGENT_OBS_*}), a properties file ({@code config.file}), defaults. A bad value is reported
 * in one line and replaced by the default: a typo must never stop the application starting.
 */
public final class ConfigLoader {

  private static final String PROPERTY_PREFIX = "agent.obs.";
  private static final String ENV_PREFIX = "AGENT_OBS_";

  /** Loads from the real system properties and environment. */
  public static AgentConfig load(String agentArgs) {
    Map<String, String> sysProps = new HashMap<>();
    System.getProperties().forEach((k, v) -> sysProps.put(String.valueOf(k), String.valueOf(v)));
    return load(agentArgs, sysProps, System.getenv());
  }

  static AgentConfig load(
      String agentArgs, Map<String, String> systemProperties, Map<String, String> environment) {
    Map<String, ConfigOption> byNormalKey = new HashMap<>();
    for (ConfigOption option : ConfigOptions.ALL) {
      byNormalKey.put(ConfigOption.normalize(option.key()), option);
    }
    List<String> problems = new ArrayList<>();
    // raw values per source, keyed by option key, in precedence order
    List<Map.Entry<String, Map<String, String>>> layers = new ArrayList<>();
    layers.add(Map.entry("agent arguments", parseArgs(agentArgs, byNormalKey, problems)));
    layers.add(
        Map.entry(
            "system property",
            prefixed(systemProperties, PROPERTY_PREFIX, byNormalKey, problems, "system property ")));
    layers.add(
        Map.entry(
            "environment", prefixed(environment, ENV_PREFIX, byNormalKey, problems, "variable ")));

    String file = firstValue(layers, ConfigOptions.CONFIG_FILE);
    if (file != null && !file.isBlank()) {
      layers.add(Map.entry("file " + file, readFile(file.trim(), byNormalKey, problems)));
    }

    Map<String, Object> values = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    for (ConfigOption option : ConfigOptions.ALL) {
      values.put(option.key(), option.type().parse(option.defaultValue()));
      for (Map.Entry<String, Map<String, String>> layer : layers) {
        String raw = layer.getValue().get(option.key());
        if (raw == null) {
          continue;
        }
        try {
          values.put(option.key(), option.type().parse(raw));
          sources.put(option.key(), layer.getKey());
        } catch (RuntimeException e) {
          problems.add(
              String.format(
                  "invalid value '%s' for %s (from %s): expected %s; using %s",
                  printable(raw),
                  option.key(),
                  layer.getKey(),
                  option.type().expected(),
                  option.defaultValue().isEmpty() ? "the default" : option.defaultValue()));
        }
        break;
      }
    }
    return new AgentConfig(values, sources, environment, problems);
  }

  private static Map<String, String> parseArgs(
      String agentArgs, Map<String, ConfigOption> byNormalKey, List<String> problems) {
    Map<String, String> result = new LinkedHashMap<>();
    if (agentArgs == null || agentArgs.isBlank()) {
      return result;
    }
    for (String pair : agentArgs.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.add(
            "ignoring agent argument '" + printable(pair) + "': expected key=value,key=value");
        continue;
      }
      put(result, pair.substring(0, eq), pair.substring(eq + 1), byNormalKey, problems, "");
    }
    return result;
  }

  private static Map<String, String> prefixed(
      Map<String, String> source,
      String prefix,
      Map<String, ConfigOption> byNormalKey,
      List<String> problems,
      String what) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : source.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        put(
            result,
            e.getKey().substring(prefix.length()),
            e.getValue(),
            byNormalKey,
            problems,
            what + e.getKey() + " ");
      }
    }
    return result;
  }

  private static Map<String, String> readFile(
      String file, Map<String, ConfigOption> byNormalKey, List<String> problems) {
    Map<String, String> result = new LinkedHashMap<>();
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Paths.get(file))) {
      properties.load(in);
    } catch (IOException | RuntimeException e) {
      problems.add("cannot read config.file '" + printable(file) + "': " + e);
      return result;
    }
    for (String name : properties.stringPropertyNames()) {
      String key = name.startsWith(PROPERTY_PREFIX) ? name.substring(PROPERTY_PREFIX.length()) : name;
      put(result, key, properties.getProperty(name), byNormalKey, problems, "in " + file + " ");
    }
    return result;
  }

  private static void put(
      Map<String, String> result,
      String rawKey,
      String value,
      Map<String, ConfigOption> byNormalKey,
      List<String> problems,
      String where) {
    ConfigOption option = byNormalKey.get(ConfigOption.normalize(rawKey));
    if (option == null) {
      problems.add("unknown setting " + where + "'" + printable(rawKey.trim()) + "' ignored");
      return;
    }
    result.put(option.key(), value);
  }

  private static String firstValue(
      List<Map.Entry<String, Map<String, String>>> layers, ConfigOption option) {
    for (Map.Entry<String, Map<String, String>> layer : layers) {
      String value = layer.getValue().get(option.key());
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Keeps a user's bad value on one line and of sane length in our message. */
  private static String printable(String raw) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < raw.length() && sb.length() < 80; i++) {
      char c = raw.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return raw.length() > 80 ? sb + "..." : sb.toString();
  }

  private ConfigLoader() {}
}
