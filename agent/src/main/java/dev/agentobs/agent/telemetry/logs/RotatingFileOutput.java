/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs;

import dev.agentobs.agent.internal.AgentLog;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The log file ({@code log.file}), appended to and, with a size limit, rotated: {@code app.log}
 * becomes {@code app.log.1}, {@code .1} becomes {@code .2} and so on, the oldest beyond {@code
 * log.file.max.backups} is deleted. Rotation happens on {@link #flush()}, which the writer calls
 * only between whole lines, so no line is ever split across two files. Writer thread only.
 */
final class RotatingFileOutput extends OutputStream {

  private final Path path;
  private final long maxBytes;
  private final int maxBackups;
  private OutputStream out;
  private long size;

  /** @param maxBytes rotate once the file holds this many bytes; 0 never rotates */
  RotatingFileOutput(Path path, long maxBytes, int maxBackups) throws IOException {
    this.path = path.toAbsolutePath();
    this.maxBytes = maxBytes;
    this.maxBackups = maxBackups;
    Path parent = this.path.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    open();
  }

  private void open() throws IOException {
    out = new FileOutputStream(path.toFile(), true);
    size = Files.size(path);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    size += len;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
    if (maxBytes > 0 && size >= maxBytes) {
      rotate();
    }
  }

  private void rotate() {
    try {
      out.close();
      if (maxBackups <= 0) {
        Files.delete(path);
      } else {
        Files.deleteIfExists(backup(maxBackups));
        for (int i = maxBackups - 1; i >= 1; i--) {
          Path older = backup(i);
          if (Files.exists(older)) {
            Files.move(older, backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.move(path, backup(1), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      AgentLog.warnOnce("log-rotate", "could not rotate " + path + ", appending to it: " + e);
    }
    try {
      open();
    } catch (IOException e) {
      AgentLog.warnOnce("log-reopen", "could not reopen " + path + ": " + e);
    }
  }

  private Path backup(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
