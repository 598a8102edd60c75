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
    List<String> problems = new ArrayList<>();
    List<Layer> layers = new ArrayList<>();
    layers.add(parseArgs(agentArgs, problems));
    layers.add(prefixed("system property", systemProperties, PROPERTY_PREFIX, problems));
    layers.add(prefixed("environment", environment, ENV_PREFIX, problems));

    String file = firstValue(layers, ConfigOptions.CONFIG_FILE);
    if (file != null && !file.isBlank()) {
      layers.add(readFile(file.trim(), problems));
    }

    Map<String, Object> values = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    for (ConfigOption option : ConfigOptions.ALL) {
      values.put(option.key(), option.type().parse(option.defaultValue()));
      for (Layer layer : layers) {
        String raw = layer.values.get(option.key());
        if (raw == null) {
          continue;
        }
        Object value = parse(option, raw, layer.describe(option), problems);
        if (value != null) {
          values.put(option.key(), value);
          sources.put(option.key(), layer.describe(option));
        }
        break;
      }
    }
    return new AgentConfig(values, sources, environment, problems);
  }

  /**
   * The problems in agent arguments alone (unknown keys, bad values), without reading any other
   * source or file: what {@code attach} checks before it sends arguments to another JVM.
   */
  public static List<String> checkArguments(String agentArgs) {
    List<String> problems = new ArrayList<>();
    Layer layer = parseArgs(agentArgs, problems);
    for (ConfigOption option : ConfigOptions.ALL) {
      String raw = layer.values.get(option.key());
      if (raw != null) {
        parse(option, raw, layer.source, problems);
      }
    }
    return problems;
  }

  /** The parsed value, or null after adding one line saying what is wrong with it. */
  private static Object parse(ConfigOption option, String raw, String from, List<String> problems) {
    try {
      return option.type().parse(raw);
    } catch (RuntimeException e) {
      problems.add(
          String.format(
              "invalid value '%s' for %s (from %s): %sexpected %s; using %s",
              printable(raw, 80),
              option.key(),
              from,
              e instanceof ConfigOption.BadValue ? printable(e.getMessage(), 200) + "; " : "",
              option.type().expected(),
              option.defaultValue().isEmpty() ? "the default" : option.defaultValue()));
      return null;
    }
  }

  private static Layer parseArgs(String agentArgs, List<String> problems) {
    Layer layer = new Layer("agent arguments");
    if (agentArgs == null || agentArgs.isBlank()) {
      return layer;
    }
    for (String pair : agentArgs.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.add(
            "ignoring agent argument '" + printable(pair, 80) + "': expected key=value,key=value");
        continue;
      }
      layer.put(pair.substring(0, eq), pair.substring(eq + 1), null, problems, "");
    }
    return layer;
  }

  private static Layer prefixed(
      String source, Map<String, String> entries, String prefix, List<String> problems) {
    Layer layer = new Layer(source);
    String what = source.equals("environment") ? "variable " : source + " ";
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        layer.put(
            e.getKey().substring(prefix.length()),
            e.getValue(),
            e.getKey(),
            problems,
            what + e.getKey() + " ");
      }
    }
    return layer;
  }

  private static Layer readFile(String file, List<String> problems) {
    Layer layer = new Layer("file " + file);
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Paths.get(file))) {
      properties.load(in);
    } catch (IOException | RuntimeException e) {
      problems.add("cannot read config.file '" + printable(file, 200) + "': " + e);
      return layer;
    }
    for (String name : properties.stringPropertyNames()) {
      String key = name.startsWith(PROPERTY_PREFIX) ? name.substring(PROPERTY_PREFIX.length()) : name;
      layer.put(key, properties.getProperty(name), null, problems, "in " + file + " ");
    }
    return layer;
  }

  private static String firstValue(List<Layer> layers, ConfigOption option) {
    for (Layer layer : layers) {
      String value = layer.values.get(option.key());
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Keeps a user's bad value on one line and of sane length in our message. */
  private static String printable(String raw, int limit) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < raw.length() && sb.length() < limit; i++) {
      char c = raw.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return raw.length() > limit ? sb + "..." : sb.toString();
  }

  /** One source's raw values by option key, with the name each was given under. */
  private static final class Layer {
    private static final Map<String, ConfigOption> BY_NORMAL_KEY = byNormalKey();

    final String source;
    final Map<String, String> values = new LinkedHashMap<>();
    final Map<String, String> names = new HashMap<>();

    Layer(String source) {
      this.source = source;
    }

    private static Map<String, ConfigOption> byNormalKey() {
      Map<String, ConfigOption> map = new HashMap<>();
      for (ConfigOption option : ConfigOptions.ALL) {
        map.put(ConfigOption.normalize(option.key()), option);
      }
      return map;
    }

    void put(String rawKey, String value, String name, List<String> problems, String where) {
      ConfigOption option = BY_NORMAL_KEY.get(ConfigOption.normalize(rawKey));
      if (option == null) {
        problems.add("unknown setting " + where + "'" + printable(rawKey.trim(), 80) + "' ignored");
        return;
      }
      values.put(option.key(), value);
      if (name != null) {
        names.put(option.key(), name);
      }
    }

    /** e.g. {@code environment AGENT_OBS_METRICS_PORT}, or just the source. */
    String describe(ConfigOption option) {
      String name = names.get(option.key());
      return name == null ? source : source + " " + name;
    }
  }

  private ConfigLoader() {}
}
