/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads a child process's output stream line by line into a list, on a daemon thread. */
final class LineCapture {

  /** Starts the reader; {@code lines} is guarded by its own monitor. */
  static Thread start(InputStream stream, List<String> lines, String threadName) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                  }
                }
              } catch (IOException ignored) {
                // the process is gone
              }
            },
            threadName);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private LineCapture() {}
}
