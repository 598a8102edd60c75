/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.config;

/**
 * Renders the configuration reference from {@link ConfigOptions}, so the shipped properties file
 * and the README table cannot drift from the code (a test compares them).
 */
public final class ConfigDocs {

  /** The documented {@code config/agent-obs.properties}: every key, commented out at its default. */
  public static String propertiesFile() {
    StringBuilder out = new StringBuilder();
    out.append("# agent-obs configuration: every key, with its default.\n")
        .append("# Generated from ConfigOptions.java; do not edit by hand.\n")
        .append("#\n")
        .append("# Precedence: agent arguments (-javaagent:agent-obs.jar=key=value,...)\n")
        .append("#   > system properties (-Dagent.obs.KEY=...) > environment (AGENT_OBS_KEY,\n")
        .append("#   dots and dashes as underscores) > this file (config.file=PATH) > defaults.\n")
        .append("# The standard OTEL_* variables configure trace export (endpoint, protocol, ...).\n");
    for (ConfigOption option : ConfigOptions.ALL) {
      out.append('\n')
          .append("# ")
          .append(option.description())
          .append('\n')
          .append("# Type: ")
          .append(option.type().expected())
          .append(". Environment: ")
          .append(envName(option))
          .append('\n')
          .append("#")
          .append(option.key())
          .append('=')
          .append(option.defaultValue())
          .append('\n');
    }
    return out.toString();
  }

  /** The README's configuration table (Markdown). */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder();
    out.append("| key | default | type | description |\n");
    out.append("|---|---|---|---|\n");
    for (ConfigOption option : ConfigOptions.ALL) {
      out.append("| `")
          .append(option.key())
          .append("` | ")
          .append(option.defaultValue().isEmpty() ? "" : "`" + option.defaultValue() + "`")
          .append(" | ")
          .append(option.type().expected())
          .append(" | ")
          .append(option.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }

  static String envName(ConfigOption option) {
    return "AGENT_OBS_"
        + option.key().toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private ConfigDocs() {}
}
