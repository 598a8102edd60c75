/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.util.concurrent.TimeUnit;

/** Stopping the child processes the tests start (apps, probes, servers). */
final class ChildProcesses {

  /** SIGTERM, so shutdown hooks run (the agent flushes its spans there); SIGKILL after 15 s. */
  static void stop(Process process) {
    sigterm(process);
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends SIGTERM and nothing else. {@code Process.destroy()} also closes our ends of the child's
   * stdout and stderr at once, so whatever the child writes while it shuts down (the agent's last
   * log lines, flushed at exit) is lost to the readers: the cause of a flaky {@code ShutdownIT}.
   */
  static void sigterm(Process process) {
    process.toHandle().destroy();
  }

  private ChildProcesses() {}
}
