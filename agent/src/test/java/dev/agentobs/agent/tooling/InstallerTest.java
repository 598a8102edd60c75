/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.observation.SelfStats;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

/** What {@link Installer} registers with the JVM, and in which order. */
class InstallerTest {

  /** A loaded JDK class instrumented by no one else in this JVM. */
  private static final Class<?> JDK_CLASS = ConcurrentSkipListMap.class;

  @Test
  void theLoadedJdkClassesAreWovenThoughByteBuddyIsReadyAtOnce() {
    new ConcurrentSkipListMap<String, String>().put("loaded", "yes");
    RecordingInstrumentation probe =
        new RecordingInstrumentation(JDK_CLASS.getName().replace('.', '/'));
    // the weaver prepared on the installing thread itself: ready before install returns, as a
    // background thread may be when Byte Buddy's classes are loaded already (a JVM attached to)
    Installation installation =
        Installer.install(
            ByteBuddyAgent.install(),
            List.of(probe),
            Map.of(),
            new SelfStats(),
            false,
            Runnable::run);
    try {
      assertThat(installation.jdkClassesWoven()).isDone();
      assertThat(probe.described).containsExactly(JDK_CLASS.getName());
    } finally {
      installation.remove();
    }
  }
}
