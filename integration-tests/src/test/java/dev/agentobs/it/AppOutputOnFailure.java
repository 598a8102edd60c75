/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the captured output of the watched apps when a test fails: the agent's stderr is usually
 * the quickest way to see why.
 *
 * <pre>{@code
 * @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();
 * ObservedApp app = output.watch(ObservedApp.builder(receiver).start());
 * }</pre>
 */
final class AppOutputOnFailure implements TestWatcher {

  private final List<ObservedApp> apps = new CopyOnWriteArrayList<>();

  /** Watches {@code app} and returns it. */
  ObservedApp watch(ObservedApp app) {
    apps.add(app);
    return app;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    for (ObservedApp app : apps) {
      System.err.println("[" + context.getDisplayName() + " failed]\n" + app.describe());
    }
  }
}
