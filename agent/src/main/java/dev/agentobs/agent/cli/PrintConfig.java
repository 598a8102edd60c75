/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.cli;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.ConfigLoader;
import dev.agentobs.agent.config.ConfigOption;
import dev.agentobs.agent.config.ConfigOptions;
import dev.agentobs.agent.internal.AgentVersion;
import dev.agentobs.agent.internal.Banner;
import dev.agentobs.agent.internal.Instrumentations;
import java.io.PrintStream;

/**
 * {@code --print-config}: the configuration an agent started here would have (this command's own
 * system properties and environment, plus the given agent arguments), every key with its value and
 * its source. Problems are printed as the agent would print them, and make the exit status 1, so
 * the command can check a configuration before a deployment.
 */
final class PrintConfig {

  static int run(String agentArgs, PrintStream out, PrintStream err) {
    AgentConfig config = ConfigLoader.load(agentArgs);
    out.println(
        "# agent-obs "
            + AgentVersion.get()
            + " would start with: "
            + Banner.summary(config, Instrumentations.active(config)));
    out.println(
        "# precedence: agent arguments > system properties (agent.obs.*) > environment"
            + " (AGENT_OBS_*) > config.file > defaults");
    Table table = new Table("KEY", "SOURCE", "VALUE");
    for (ConfigOption option : ConfigOptions.ALL) {
      table.row(option.key(), config.sourceOf(option), config.display(option));
    }
    table.print(out);
    for (String problem : config.problems()) {
      err.println("agent-obs: " + problem);
    }
    return config.problems().isEmpty() ? AgentCli.OK : AgentCli.FAILED;
  }

  private PrintConfig() {}
}
