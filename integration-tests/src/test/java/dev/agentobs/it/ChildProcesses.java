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
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private ChildProcesses() {}
}
