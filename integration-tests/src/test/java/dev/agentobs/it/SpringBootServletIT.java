/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The servlet scenario on Spring Boot 3.5 (Spring MVC on embedded Tomcat 10.1, {@code
 * jakarta.servlet} 6): routes are Spring's best-matching patterns; errors and 4xx answers go
 * through Spring Boot's {@code /error} dispatch, which must not count twice.
 */
class SpringBootServletIT extends ServletServerScenario {

  @Override
  SourceProbe.Builder fixture(int port) {
    return SourceProbe.builderForMain(
            BuiltJars.fixtureClasspath("spring-boot-web"), "dev.agentobs.fixtures.spring.SpringWebApp")
        .args("--server.port=" + port);
  }

  @Test
  void aForwardInsideTheContainerKeepsTheRequestsOwnRoute() {
    assertThat(get("/forwarded", "req-forwarded").body()).isEqualTo("user 7");

    ReceivedSpan span = onlyServerSpan("req-forwarded");
    assertThat(span.name()).isEqualTo("GET /forwarded");
    assertThat(span.attributes()).containsEntry("url.path", "/forwarded");
    assertThat(metrics().value(
            "agent_requests_total", Map.of("endpoint", "/forwarded", "status", "200")))
        .isEqualTo(1);
  }
}
