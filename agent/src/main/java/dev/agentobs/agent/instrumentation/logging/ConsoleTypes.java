/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.logging;

/**
 * Whether an appender or handler class is, or extends, a framework's console class, decided by name
 * once per class: the framework's classes live in the app's loader, not the agent's.
 */
public final class ConsoleTypes extends ClassValue<Boolean> {

  private final String consoleClassName;

  public ConsoleTypes(String consoleClassName) {
    this.consoleClassName = consoleClassName;
  }

  public boolean isConsole(Object target) {
    return target != null && get(target.getClass());
  }

  @Override
  protected Boolean computeValue(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(consoleClassName)) {
        return Boolean.TRUE;
      }
    }
    return Boolean.FALSE;
  }
}
