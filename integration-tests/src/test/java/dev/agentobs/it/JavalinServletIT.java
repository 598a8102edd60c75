/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

/**
 * The servlet scenario on Javalin 7 (Jetty 12, ee10 {@code jakarta.servlet} 6): routes are the
 * paths of the endpoints Javalin matched; its {@code before} handler (path {@code *}) names none.
 */
class JavalinServletIT extends ServletServerScenario {

  @Override
  SourceProbe.Builder fixture(int port) {
    return SourceProbe.builderForMain(
            BuiltJars.fixtureClasspath("javalin-web"), "dev.agentobs.fixtures.javalin.JavalinWebApp")
        .args(Integer.toString(port));
  }
}
