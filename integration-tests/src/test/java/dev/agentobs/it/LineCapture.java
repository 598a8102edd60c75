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
import java.util.ArrayList;
import java.util.List;

/** A child process's output stream, read line by line on a daemon thread. */
final class LineCapture {

  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private LineCapture(InputStream stream, String threadName) {
    reader =
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
  }

  static LineCapture start(InputStream stream, String threadName) {
    LineCapture capture = new LineCapture(stream, threadName);
    capture.reader.start();
    return capture;
  }

  /** The lines read so far. */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Waits for the stream's end (after the process exited) so no last line is missed. */
  void awaitEnd(long millis) throws InterruptedException {
    reader.join(millis);
  }
}
