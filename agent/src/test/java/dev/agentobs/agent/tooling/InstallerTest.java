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
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/** What {@link Installer} registers with the JVM, and in which order. */
class InstallerTest {

  /** A loaded JDK class instrumented by no one else in this JVM. */
  private static final Class<?> JDK_CLASS = ConcurrentSkipListMap.class;

  /** The classes the weaver looked at. */
  private final List<String> described = new CopyOnWriteArrayList<>();

  @Test
  void theLoadedJdkClassesAreWovenThoughByteBuddyIsReadyAtOnce() {
    new ConcurrentSkipListMap<String, String>().put("loaded", "yes");
    // the weaver prepared on the installing thread itself: ready before install returns, as a
    // background thread may be when Byte Buddy's classes are loaded already (a JVM attached to)
    Installation installation =
        Installer.install(
            ByteBuddyAgent.install(),
            List.of(probe()),
            Map.of(),
            new SelfStats(),
            false,
            Runnable::run);
    try {
      assertThat(installation.jdkClassesWoven()).isDone();
      assertThat(described).containsExactly(JDK_CLASS.getName());
    } finally {
      installation.remove();
    }
  }

  /** Matches nothing; wants the JDK class woven; records what the weaver asked it about. */
  private AgentInstrumentation probe() {
    return new AgentInstrumentation() {
      @Override
      public String name() {
        return "probe";
      }

      @Override
      public String description() {
        return "records the classes the weaver describes";
      }

      @Override
      public List<String> classFileMarkers() {
        return List.of();
      }

      @Override
      public List<String> loadedJdkClasses() {
        return List.of(JDK_CLASS.getName().replace('.', '/'));
      }

      @Override
      public ElementMatcher<? super TypeDescription> types() {
        return type -> {
          described.add(type.getName());
          return false;
        };
      }

      @Override
      public List<AdviceBinding> advice() {
        return List.of();
      }
    };
  }
}
