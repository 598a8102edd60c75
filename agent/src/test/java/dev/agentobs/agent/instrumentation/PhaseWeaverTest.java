/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentobs.agent.instrumentation.phase.PhaseWeaver;
import dev.agentobs.agent.observation.PhaseObservation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plain-ASM weaver of {@code @AgentPhase} methods: every shape of {@link WeaverShapes} woven,
 * verified by the JVM as it loads (a class of a loader of its own is verified), run, and observed
 * through the test agent's hooks: values and exceptions pass unchanged, one phase a call.
 */
class PhaseWeaverTest {

  private static final String NAME = WeaverShapes.class.getName();
  private static Class<?> woven;
  private static Object shapes;

  @BeforeAll
  static void weave() throws Exception {
    TestAgent.install();
    byte[] original = classFile(WeaverShapes.class);
    byte[] bytes = new PhaseWeaver().weave(NAME.replace('.', '/'), original);
    assertThat(bytes).isNotNull();
    woven = new Isolated(PhaseWeaverTest.class.getClassLoader()).define(NAME, bytes);
    shapes = woven.getConstructor(String.class).newInstance("to ");
  }

  @BeforeEach
  void clear() {
    TestAgent.EVENTS.clear();
  }

  @Test
  void aReferenceIsReturnedAndThePhaseNamedFromTheAnnotation() throws Exception {
    assertThat(call("plan", "ship")).isEqualTo("to ship");
    PhaseObservation phase = onlyPhase();
    assertThat(phase.phase()).isEqualTo("plan");
    assertThat(phase.agentType()).isEqualTo("planner");
    assertThat(phase.declaringType()).isEqualTo(NAME);
    assertThat(phase.codeFunction()).isEqualTo(NAME + ".plan");
    assertThat(phase.error()).isNull();
  }

  @Test
  void primitivesOfEveryKindReturnUnchanged() throws Exception {
    assertThat(call("wide", 40L, 1.25d, 2)).isEqualTo(44L);
    assertThat(call("half", 5.0d)).isEqualTo(2.5d);
    assertThat(call("flag", 3)).isEqualTo(true);
    assertThat(call("flag", -3)).isEqualTo(false);
    assertThat(call("initial", "agent")).isEqualTo('a');
    assertThat(call("third", 1.5f)).isEqualTo(0.5f);
    assertThat(call("low", 0x1ff)).isEqualTo((byte) -1);
    assertThat(call("small", 0x1ffff)).isEqualTo((short) -1);
    assertThat(phases())
        .extracting(PhaseObservation::phase)
        .containsExactly("wide", "double", "flag", "flag", "char", "float", "byte", "short");
    assertThat(phases()).extracting(PhaseObservation::agentType).containsOnly("default");
  }

  @Test
  void aVoidMethodRunsOnce() throws Exception {
    StringBuilder out = new StringBuilder();
    assertThat(call("nothing", out)).isNull();
    assertThat(out).hasToString("to ");
    assertThat(onlyPhase().phase()).isEqualTo("void");
  }

  @Test
  void exceptionsPassUnchangedAndEndThePhase() throws Exception {
    assertThatThrownBy(() -> call("fail", "disk full"))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
    assertThat(onlyPhase().error()).isInstanceOf(IOException.class).hasMessage("disk full");
    clear();
    assertThatThrownBy(() -> call("failUnchecked", 0)).isInstanceOf(ArithmeticException.class);
    assertThat(onlyPhase().error()).isInstanceOf(ArithmeticException.class);
    clear();
    assertThatThrownBy(() -> call("wraps", "/tmp/x"))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(onlyPhase().error()).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void theMethodsOwnHandlersTakeTheirExceptionsFirst() throws Exception {
    assertThat(call("catchesItsOwn", "12")).isEqualTo("parsed 12");
    assertThat(call("catchesItsOwn", "twelve")).isEqualTo("not a number");
    assertThat(phases()).extracting(PhaseObservation::error).containsExactly(null, null);
    clear();
    StringBuilder trace = new StringBuilder();
    assertThat(call("withFinally", trace, false)).isEqualTo("done");
    assertThat(trace).hasToString("body;finally;");
    assertThat(onlyPhase().error()).isNull();
    clear();
    StringBuilder failed = new StringBuilder();
    assertThatThrownBy(() -> call("withFinally", failed, true))
        .isInstanceOf(IllegalStateException.class);
    assertThat(failed).hasToString("finally;");
    assertThat(onlyPhase().error()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void branchesLoopsSwitchesLocksAndLambdasKeepTheirMeaning() throws Exception {
    assertThat(call("loopFirst", 4)).isEqualTo(10);
    assertThat(call("loopFirst", 0)).isEqualTo(0);
    assertThat(call("kind", 0)).isEqualTo("zero");
    assertThat(call("kind", 2)).isEqualTo("two");
    assertThat(call("kind", 7)).isEqualTo("many");
    assertThat(call("locked", "abc")).isEqualTo("ABC");
    assertThat(call("viaLambda", "ab")).isEqualTo("abab");
    assertThat(phases())
        .extracting(PhaseObservation::phase)
        .containsExactly("loop", "loop", "switch", "switch", "switch", "sync", "lambda");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCallThroughJavacsBridgeIsOnePhase() {
    assertThat(((Function<String, String>) shapes).apply("you")).isEqualTo("to you");
    assertThat(onlyPhase().phase()).isEqualTo("apply");
  }

  @Test
  void unannotatedMethodsAreNotObserved() throws Exception {
    assertThat(call("plain", "x")).isEqualTo("x");
    assertThat(phases()).isEmpty();
  }

  @Test
  void aClassWithNothingToWeaveIsLeftAlone() throws Exception {
    assertThat(new PhaseWeaver().weave("java/lang/String", classFile(String.class))).isNull();
  }

  @Test
  void classFilesOlderThanJava7AreLeftToByteBuddy() throws Exception {
    byte[] bytes = classFile(WeaverShapes.class);
    PhaseWeaver weaver = new PhaseWeaver();
    assertThat(weaver.handles(bytes)).isTrue();
    byte[] java6 = Arrays.copyOf(bytes, bytes.length);
    java6[6] = 0;
    java6[7] = 50;
    assertThat(weaver.handles(java6)).isFalse();
    assertThat(weaver.handles(new byte[4])).isFalse();
  }

  private static Object call(String name, Object... args) throws Exception {
    for (Method method : woven.getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length) {
        try {
          return method.invoke(shapes, args);
        } catch (InvocationTargetException e) {
          throw (Exception) e.getCause();
        }
      }
    }
    throw new NoSuchMethodException(name);
  }

  private static List<PhaseObservation> phases() {
    return TestAgent.EVENTS.stream()
        .filter(PhaseObservation.class::isInstance)
        .map(PhaseObservation.class::cast)
        .filter(p -> p.declaringType().equals(NAME))
        .collect(Collectors.toList());
  }

  private static PhaseObservation onlyPhase() {
    List<PhaseObservation> phases = phases();
    assertThat(phases).hasSize(1);
    return phases.get(0);
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in =
        ClassLoader.getSystemResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Defines the woven class itself; everything else comes from the test's loader. */
  private static final class Isolated extends ClassLoader {
    Isolated(ClassLoader parent) {
      super(parent);
    }

    Class<?> define(String name, byte[] bytes) {
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
