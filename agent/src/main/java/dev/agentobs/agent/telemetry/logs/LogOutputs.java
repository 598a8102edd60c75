/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.ConfigOptions;
import dev.agentobs.agent.internal.AgentLog;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Opens the stream JSON lines go to ({@code log.destination}). */
final class LogOutputs {

  /**
   * The process's real stdout or stderr file descriptor, not {@code System.out}: an app that
   * redirects {@code System.out} into its own logging must not receive our lines. A file that cannot
   * be opened is reported in one line, and stdout is used instead.
   */
  static OutputStream open(AgentConfig config) {
    String destination = config.getString(ConfigOptions.LOG_DESTINATION);
    if ("file".equals(destination)) {
      String file = config.getString(ConfigOptions.LOG_FILE);
      try {
        return new RotatingFileOutput(
            Path.of(file),
            config.getInt(ConfigOptions.LOG_FILE_MAX_SIZE_MB) * 1024L * 1024L,
            config.getInt(ConfigOptions.LOG_FILE_MAX_BACKUPS));
      } catch (IOException | RuntimeException e) {
        AgentLog.warn("cannot write log.file " + file + " (" + e + "), logging to stdout instead");
        return standard("stdout");
      }
    }
    return standard(destination);
  }

  static OutputStream standard(String destination) {
    return new FileOutputStream(
        "stderr".equals(destination) ? FileDescriptor.err : FileDescriptor.out);
  }

  private LogOutputs() {}
}
