/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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

  /**
   * The JDK client's WebSocket handshake goes through the same {@code sendAsync} as a request, with
   * the JDK's own request object, which the agent must pass on untouched.
   */
  @Test
  void aWebSocketOfTheJdkClientStillConnects() {
    assertThat(get("/ws-echo", "req-ws").body()).isEqualTo("ping");
  }
}
