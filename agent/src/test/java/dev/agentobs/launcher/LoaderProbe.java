/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.launcher;

/** A class {@link AgentClassLoaderTest} puts under the agent prefix of a jar and loads from it. */
public final class LoaderProbe implements Runnable {

  @Override
  public void run() {
    // a service provider: ServiceLoader only needs to instantiate it
  }
}
