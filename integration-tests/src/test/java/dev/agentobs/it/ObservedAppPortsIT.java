/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness's own guard: a sidecar port another process takes between {@link FreePorts} choosing
 * it and the agent binding it (a CI run lost a test so) costs a second start on fresh ports, not
 * the test.
 */
class ObservedAppPortsIT {

  @RegisterExtension final AppOutputOnFailure output = new AppOutputOnFailure();

  @Test
  void aSidecarPortTakenBeforeTheAgentBindsItMeansAnotherStartOnFreshPorts() throws Exception {
    int taken = FreePorts.next();
    List<int[]> handedOut = new ArrayList<>();
    try (ServerSocket squatter = new ServerSocket(taken, 50, InetAddress.getByName("0.0.0.0"));
        OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        ObservedApp app =
            output.watch(
                ObservedApp.builder(receiver)
                    .ports(
                        () -> {
                          int[] ports =
                              handedOut.isEmpty()
                                  ? new int[] {FreePorts.next(), taken}
                                  : FreePorts.next(2);
                          handedOut.add(ports);
                          return ports;
                        })
                    .start())) {
      assertThat(handedOut).as("ports handed out, one pair per start").hasSize(2);
      assertThat(app.metricsPort()).isEqualTo(handedOut.get(1)[1]).isNotEqualTo(taken);
      assertThat(app.awaitRequestsCounted("/health", 1).sum("agent_requests_total", Map.of()))
          .as("the second start's sidecar counts its readiness probes")
          .isPositive();
      assertThat(app.stderrLines()).noneMatch(line -> line.contains("already in use"));
      assertThat(squatter.isClosed()).isFalse();
    }
  }
}
