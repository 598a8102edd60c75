/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.observation.SelfStats;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/**
 * When a JDK class the app loads is woven: never on the loading thread before the weaving is
 * prepared (it would wait for the first, cold weave), at load once it is, and by retransformation
 * if it loaded in between.
 */
class JdkRetransformerTest {

  /** Loaded by this test, instrumented by no one else. */
  private static final Class<?> JDK_CLASS = ConcurrentSkipListSet.class;

  private static final String NAME = JDK_CLASS.getName().replace('.', '/');

  /** The classes the weaver looked at, in order. */
  private final List<String> described = new CopyOnWriteArrayList<>();

  private final SelfStats stats = new SelfStats();

  /** Matches nothing; records what the weaver asked it about. */
  private final AgentInstrumentation probe =
      new AgentInstrumentation() {
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

  private final JdkRetransformer retransformer =
      new JdkRetransformer(
          List.of(NAME),
          CompletableFuture.completedFuture(new AdviceTransformer(List.of(probe), stats)));

  private static byte[] classFile() throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(NAME + ".class")) {
      return in.readAllBytes();
    }
  }

  private void retransformLoaded(Instrumentation inst) {
    inst.addTransformer(retransformer, true);
    try {
      retransformer.retransformLoaded(inst, stats);
    } finally {
      inst.removeTransformer(retransformer);
    }
  }

  @Test
  void aClassLoadingBeforeItsWeavingIsPreparedLoadsAsItIsThoughTheWeaverIsReady()
      throws IOException {
    assertThat(retransformer.transform(null, NAME, null, null, classFile())).isNull();
    assertThat(described).isEmpty();
  }

  @Test
  void thenItIsPreparedOffTheLoadingThreadAndRetransformedWithThoseLoadedBeforePremain()
      throws IOException {
    retransformer.transform(null, NAME, null, null, classFile()); // loads as it is

    retransformLoaded(ByteBuddyAgent.install());

    // once from the runtime image's bytes (prepared), once retransformed
    assertThat(described).containsExactly(JDK_CLASS.getName(), JDK_CLASS.getName());
  }

  @Test
  void aClassLoadingOnceItsWeavingIsPreparedIsWovenAtLoadAndNotAgain() throws IOException {
    retransformLoaded(ByteBuddyAgent.install());
    described.clear();

    retransformer.transform(null, NAME, null, null, classFile());
    assertThat(described).containsExactly(JDK_CLASS.getName());

    described.clear();
    retransformLoaded(ByteBuddyAgent.install());
    assertThat(described).as("prepared again, not retransformed").hasSize(1);
  }
}
