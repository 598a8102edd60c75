/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.cli;

import dev.agentobs.agent.internal.AgentVersion;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar agent-obs.jar …}: the agent jar's command line (its {@code Main-Class}). Never
 * loaded when the jar runs as an agent, so it costs the host's start-up nothing.
 *
 * <p>Results go to stdout; errors are single lines on stderr prefixed {@code agent-obs:}. Exit
 * status: 0 done, 1 failed, 2 the command line itself was wrong.
 */
public final class AgentCli {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    String command = args.isEmpty() ? "--help" : args.get(0);
    List<String> rest = args.subList(Math.min(1, args.size()), args.size());
    switch (command) {
      case "--help":
      case "-h":
      case "help":
        out.print(usage());
        return OK;
      case "--version":
      case "version":
        out.println("agent-obs " + AgentVersion.get());
        return OK;
      case "--print-config":
      case "print-config":
        return PrintConfig.run(settings(rest), out, err);
      case "list-instrumentations":
        return ListInstrumentations.run(settings(rest), out, err);
      case "attach":
        return AttachCommand.run(rest, out, err);
      default:
        err.println(
            "agent-obs: unknown command '" + command + "'; run java -jar agent-obs.jar --help");
        return USAGE;
    }
  }

  /** Settings given as {@code key=value} words, comma-separated or not: agent-argument syntax. */
  static String settings(List<String> words) {
    return String.join(",", words);
  }

  static String usage() {
    return "agent-obs "
        + AgentVersion.get()
        + ": zero-code logs, metrics and traces for Java AI-agent services\n"
        + "\n"
        + "Usage:\n"
        + "  java -javaagent:agent-obs.jar[=key=value,...] -jar your-service.jar\n"
        + "        start a service with the agent\n"
        + "  java -jar agent-obs.jar attach <pid> [key=value,...]\n"
        + "        load the agent into a running JVM (same user, Java 11+); classes it has\n"
        + "        loaded already are instrumented too\n"
        + "  java -jar agent-obs.jar --print-config [key=value,...]\n"
        + "        the configuration the agent would use here, and where each value comes from\n"
        + "  java -jar agent-obs.jar list-instrumentations [key=value,...]\n"
        + "        what the agent observes, with each instrumentation's on/off switch\n"
        + "  java -jar agent-obs.jar --version | --help\n"
        + "\n"
        + "Settings, highest precedence first: agent arguments (key=value,...), system properties\n"
        + "(-Dagent.obs.KEY=...), environment (AGENT_OBS_KEY=..., dots and dashes as\n"
        + "underscores), the file named by config.file, defaults. Every key: --print-config.\n"
        + "Example: phases.include=com.acme.Planner#plan=planning;com.acme.Steps#*=execution\n";
  }

  private AgentCli() {}
}
