/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Notices the application's first JDK {@code HttpServer}: the JDK reads every {@code
 * sun.net.httpserver.*} setting once, when {@code sun.net.httpserver.ServerConfig} loads, so the
 * metrics sidecar (a JDK server too) must not be the first. Set up in premain, before any class of
 * the app loads; JDK types only, so creating it loads nothing of Prometheus.
 */
public final class AppServerWatch {

  /** Internal name of the JDK class whose loading means the settings are now frozen. */
  public static final String SERVER_CONFIG_CLASS = "sun/net/httpserver/ServerConfig";

  private final CountDownLatch seen = new CountDownLatch(1);
  private volatile boolean ownServerStarting;

  /** The class-load listener: the app (not our sidecar) created its first server. */
  public void onServerConfigLoaded() {
    if (!ownServerStarting) {
      seen.countDown();
    }
  }

  /** Waits up to {@code millis} for the app's server; true if it came. */
  boolean awaitAppServer(long millis) throws InterruptedException {
    return seen.await(millis, TimeUnit.MILLISECONDS);
  }

  void ownServerStarting() {
    ownServerStarting = true;
  }
}
