/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.cli;

import dev.agentobs.agent.config.ConfigLoader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@code attach <pid> [key=value,...]}: loads this jar into a running JVM, whose {@code agentmain}
 * starts the agent and instruments the classes already loaded. The settings are checked here
 * first, because the target would report a typo only on its own stderr; the target's own
 * {@code AGENT_OBS_*} environment and {@code -Dagent.obs.*} properties still apply beneath them.
 */
final class AttachCommand {

  private static final String PREFIX = "agent-obs: attach: ";

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println(PREFIX + "which process? usage: attach <pid> [key=value,...]");
      return AgentCli.USAGE;
    }
    long pid;
    try {
      pid = Long.parseLong(args.get(0));
    } catch (NumberFormatException e) {
      err.println(PREFIX + "'" + args.get(0) + "' is not a process id; find it with jps or ps");
      return AgentCli.USAGE;
    }
    if (pid == ProcessHandle.current().pid()) {
      err.println(PREFIX + pid + " is this command's own process");
      return AgentCli.USAGE;
    }
    String settings = AgentCli.settings(args.subList(1, args.size()));
    List<String> problems = ConfigLoader.checkArguments(settings);
    if (!problems.isEmpty()) {
      for (String problem : problems) {
        err.println(PREFIX + problem);
      }
      err.println(PREFIX + "nothing attached; correct the settings above");
      return AgentCli.USAGE;
    }
    if (ProcessHandle.of(pid).isEmpty()) {
      err.println(PREFIX + "no process with id " + pid);
      return AgentCli.FAILED;
    }
    Path jar = ownJar();
    if (jar == null) {
      err.println(PREFIX + "run this command from agent-obs.jar (java -jar agent-obs.jar attach)");
      return AgentCli.FAILED;
    }
    try {
      JvmAttach.Outcome outcome = JvmAttach.load(pid, jar, settings);
      if (outcome.alreadyThere()) {
        out.println(
            "agent-obs: process " + pid + " already runs agent-obs (settings unchanged): agent-obs "
                + outcome.status());
        return AgentCli.OK;
      }
      if (outcome.status().startsWith("failed")) {
        err.println(PREFIX + "process " + pid + ": agent-obs " + outcome.status());
        return AgentCli.FAILED;
      }
      out.println("agent-obs: attached to process " + pid + ": agent-obs " + outcome.status());
      return AgentCli.OK;
    } catch (JvmAttach.Failure e) {
      err.println(PREFIX + e.getMessage());
      return AgentCli.FAILED;
    } catch (LinkageError e) {
      // no jdk.attach module: a JRE image made with jlink, say
      err.println(
          PREFIX
              + "this Java runtime ("
              + System.getProperty("java.home")
              + ") lacks the jdk.attach module; run the command with a full JDK");
      return AgentCli.FAILED;
    }
  }

  /** This jar, if the command runs from one. */
  private static Path ownJar() {
    try {
      Path path =
          Paths.get(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(path) ? path.toAbsolutePath() : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  private AttachCommand() {}
}
