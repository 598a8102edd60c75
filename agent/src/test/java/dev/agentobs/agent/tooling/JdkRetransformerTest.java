/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.agentobs.agent.observation.SelfStats;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

/**
 * When a JDK class the context instrumentations need is woven: never as it loads on an app thread
 * (it would wait for Byte Buddy and the first, cold weave), and once only, by the one
 * retransformation that weaves them all, loading first those not loaded yet.
 */
class JdkRetransformerTest {

  /** Loaded by this test, instrumented by no one else. */
  private static final Class<?> JDK_CLASS = ConcurrentSkipListSet.class;

  /** A java.base class nothing in this JVM loads but the test that names it. */
  private static final String UNLOADED = "java.util.concurrent.Exchanger";

  private static final String NAME = internal(JDK_CLASS.getName());

  private final SelfStats stats = new SelfStats();

  private final RecordingInstrumentation probe = new RecordingInstrumentation();

  private static String internal(String name) {
    return name.replace('.', '/');
  }

  private JdkRetransformer retransformer(String... classes) {
    return new JdkRetransformer(
        List.of(classes),
        CompletableFuture.completedFuture(new AdviceTransformer(List.of(probe), stats)));
  }

  private static byte[] classFile() throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(NAME + ".class")) {
      return in.readAllBytes();
    }
  }

  private void retransformLoaded(Instrumentation inst, JdkRetransformer retransformer) {
    inst.addTransformer(retransformer, true);
    try {
      retransformer.retransformLoaded(inst, stats);
    } finally {
      inst.removeTransformer(retransformer);
    }
  }

  private static boolean loaded(Instrumentation inst, String name) {
    return Arrays.stream(inst.getAllLoadedClasses()).anyMatch(c -> c.getName().equals(name));
  }

  @Test
  void aClassLoadingLoadsAsItIsThoughTheWeaverIsReady() throws IOException {
    assertThat(retransformer(NAME).transform(null, NAME, null, null, classFile())).isNull();
    assertThat(probe.described).isEmpty();
  }

  @Test
  void aLoadedClassIsWovenOnceByRetransformation() {
    retransformLoaded(ByteBuddyAgent.install(), retransformer(NAME));

    assertThat(probe.described).containsExactly(JDK_CLASS.getName());
  }

  @Test
  void aClassNotLoadedYetIsLoadedThenWovenWithTheOthersOnce() {
    Instrumentation inst = ByteBuddyAgent.install();
    assumeFalse(loaded(inst, UNLOADED), UNLOADED + " is already loaded in this JVM");

    retransformLoaded(inst, retransformer(NAME, internal(UNLOADED)));

    assertThat(loaded(inst, UNLOADED)).isTrue();
    assertThat(probe.described).containsExactlyInAnyOrder(JDK_CLASS.getName(), UNLOADED);
  }

  @Test
  void aClassThisJdkLacksIsSkipped() {
    long errors = stats.internalErrors();
    retransformLoaded(ByteBuddyAgent.install(), retransformer(NAME, "java/lang/NoSuchJdkClass"));

    assertThat(probe.described).containsExactly(JDK_CLASS.getName());
    assertThat(stats.internalErrors()).isEqualTo(errors);
  }
}
