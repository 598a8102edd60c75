/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.cli;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.ConfigLoader;
import dev.agentobs.agent.config.ConfigOptions;
import dev.agentobs.agent.config.PhaseMethod;
import dev.agentobs.agent.internal.Instrumentations;
import java.io.PrintStream;

/**
 * {@code list-instrumentations}: every instrumentation by its kebab-case name, whether the
 * configuration here leaves it on (and if not, why), its switch and what it observes; then the
 * methods {@code phases.include} names.
 */
final class ListInstrumentations {

  static int run(String agentArgs, PrintStream out, PrintStream err) {
    AgentConfig config = ConfigLoader.load(agentArgs);
    Table table = new Table("NAME", "STATE", "SWITCH", "OBSERVES");
    for (Instrumentations.Entry entry : Instrumentations.describe(config)) {
      table.row(
          entry.instrumentation().name(),
          entry.isActive() ? "on" : "off",
          entry.switchOption().key(),
          entry.instrumentation().description()
              + (entry.isActive() ? "" : " (off: " + entry.offBecause() + ")"));
    }
    table.print(out);
    for (PhaseMethod included : config.getPhaseMethods(ConfigOptions.PHASES_INCLUDE).entries()) {
      out.println("phases.include: " + included);
    }
    for (String problem : config.problems()) {
      err.println("agent-obs: " + problem);
    }
    return config.problems().isEmpty() ? AgentCli.OK : AgentCli.FAILED;
  }

  private ListInstrumentations() {}
}
