/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.observation.SelfStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/** Which instrumentations the weaver applies to a class, and what a failing matcher costs. */
class AdviceTransformerTest {

  private final SelfStats stats = new SelfStats();

  @Test
  void aHierarchyTheLoaderCannotShowFailsOnlyTheMatchersThatWalkIt() throws IOException {
    AdviceTransformer transformer =
        new AdviceTransformer(
            List.of(
                instrumentation("walker", hasSuperType(named("no.such.Supertype"))),
                instrumentation("by-name", named(Marked.class.getName()))),
            stats);
    byte[] bytes = classFile(Marked.class);

    byte[] woven =
        transformer.transform(
            new HidingLoader(Hidden.class), internal(Marked.class), null, null, bytes);

    assertThat(woven).as("Marked woven by the by-name instrumentation").isNotNull();
    assertThat(woven).isNotEqualTo(bytes);
    assertThat(stats.internalErrors()).isZero();
  }

  @Test
  void aClassNoInstrumentationMatchesIsLeftAlone() throws IOException {
    AdviceTransformer transformer =
        new AdviceTransformer(List.of(instrumentation("by-name", named("other.Type"))), stats);

    byte[] bytes = classFile(Marked.class);

    assertThat(
            transformer.transform(
                getClass().getClassLoader(), internal(Marked.class), null, null, bytes))
        .isNull();
  }

  @Test
  void aJdkClassIsLookedAtOnlyByTheInstrumentationsThatAskedForIt() throws IOException {
    String jdkClass = "java/util/concurrent/ConcurrentSkipListSet";
    AgentInstrumentation asking =
        instrumentation("asking", named(jdkClass.replace('/', '.')), List.of(jdkClass));
    RecordingInstrumentation other = new RecordingInstrumentation();
    AdviceTransformer transformer = new AdviceTransformer(List.of(other, asking), stats);
    byte[] bytes;
    try (InputStream in = ClassLoader.getSystemResourceAsStream(jdkClass + ".class")) {
      bytes = in.readAllBytes();
    }

    assertThat(transformer.transform(null, jdkClass, null, null, bytes)).isNotNull();
    assertThat(other.described).isEmpty();

    transformer.transform(
        getClass().getClassLoader(), internal(Marked.class), null, null, classFile(Marked.class));
    assertThat(other.described).containsExactly(Marked.class.getName());
  }

  /** Implemented by {@link Marked}; its class file is what {@link HidingLoader} will not show. */
  interface Hidden {}

  static final class Marked implements Hidden {
    Marked() {}
  }

  /** Advice for the test's instrumentation: never run, only woven. */
  static final class EnterAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {}

    private EnterAdvice() {}
  }

  /** Shows every class file of the test's loader but one, as a loader missing a type would. */
  private static final class HidingLoader extends ClassLoader {
    private final String hidden;

    HidingLoader(Class<?> hidden) {
      super(AdviceTransformerTest.class.getClassLoader());
      this.hidden = internal(hidden) + ".class";
    }

    @Override
    public URL getResource(String name) {
      return hidden.equals(name) ? null : super.getResource(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      return hidden.equals(name) ? null : super.getResourceAsStream(name);
    }
  }

  private static AgentInstrumentation instrumentation(
      String name, ElementMatcher<? super TypeDescription> types) {
    return instrumentation(name, types, List.of());
  }

  private static AgentInstrumentation instrumentation(
      String name, ElementMatcher<? super TypeDescription> types, List<String> loadedJdkClasses) {
    return new AgentInstrumentation() {
      @Override
      public List<String> loadedJdkClasses() {
        return loadedJdkClasses;
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "test instrumentation " + name;
      }

      @Override
      public List<String> classFileMarkers() {
        return List.of();
      }

      @Override
      public ElementMatcher<? super TypeDescription> types() {
        return types;
      }

      @Override
      public List<AdviceBinding> advice() {
        return List.of(new AdviceBinding(isConstructor(), EnterAdvice.class.getName()));
      }
    };
  }

  private static String internal(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    ClassLoader loader = AdviceTransformerTest.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(internal(type) + ".class")) {
      return in.readAllBytes();
    }
  }
}
