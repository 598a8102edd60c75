/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.agentobs.agent.AgentObsPremain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The JDK Attach API ({@code jdk.attach}) in one place, so that a runtime without that module fails
 * with a clear line when this class links (see {@link AttachCommand}) rather than earlier.
 */
final class JvmAttach {

  /** What the target JVM reported through {@link AgentObsPremain#STATUS_PROPERTY}. */
  static final class Outcome {
    private final boolean alreadyThere;
    private final String status;

    Outcome(boolean alreadyThere, String status) {
      this.alreadyThere = alreadyThere;
      this.status = status;
    }

    boolean alreadyThere() {
      return alreadyThere;
    }

    String status() {
      return status;
    }
  }

  /** An attach that did not happen, with a message for the user. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  static Outcome load(long pid, Path jar, String settings) throws Failure {
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(Long.toString(pid));
    } catch (AttachNotSupportedException | IOException e) {
      throw new Failure(
          "cannot attach to process "
              + pid
              + " ("
              + oneLine(e)
              + "); it must be a Java 11+ JVM of the same user, started without"
              + " -XX:+DisableAttachMechanism");
    }
    try {
      Properties properties = vm.getSystemProperties();
      String status = properties.getProperty(AgentObsPremain.STATUS_PROPERTY);
      if (status != null) {
        return new Outcome(true, status);
      }
      String javaVersion = properties.getProperty("java.specification.version", "");
      if (javaVersion.startsWith("1.")) {
        throw new Failure(
            "process " + pid + " runs Java " + javaVersion + "; agent-obs needs Java 11 or later");
      }
      vm.loadAgent(jar.toString(), settings.isEmpty() ? null : settings);
      status = vm.getSystemProperties().getProperty(AgentObsPremain.STATUS_PROPERTY);
      return new Outcome(
          false, status == null ? "started; see the process's stderr for its banner" : status);
    } catch (AgentLoadException | AgentInitializationException e) {
      throw new Failure("process " + pid + " could not load " + jar + ": " + oneLine(e));
    } catch (IOException e) {
      throw new Failure("lost the connection to process " + pid + ": " + oneLine(e));
    } finally {
      try {
        vm.detach();
      } catch (IOException ignored) {
        // the target is gone or closed the connection: nothing to release
      }
    }
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replace('\n', ' ').replace('\r', ' ');
  }

  private JvmAttach() {}
}
