/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import java.io.IOException;
import java.io.InputStream;

/** Class files read as resources of their loader, as Byte Buddy's own class file locator does. */
final class ClassFiles {

  /** The bytes of {@code internalName}'s class file, or {@code null} if the loader has none. */
  static byte[] read(ClassLoader loader, String internalName) {
    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private ClassFiles() {}
}
