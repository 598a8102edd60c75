/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.observation.SelfStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrefilterTransformerTest {

  private static final String PHASE = "Ldev/agentobs/bootstrap/AgentPhase;";

  @Test
  void indexOfFindsMarkersAnywhere() {
    byte[] hay = "xxLdev/agentobs/bootstrap/AgentPhase;yy".getBytes(StandardCharsets.UTF_8);
    assertThat(PrefilterTransformer.indexOf(hay, "Ldev/agentobs".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(PrefilterTransformer.indexOf(hay, "yy".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(37);
    assertThat(PrefilterTransformer.indexOf(hay, "zz".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(-1);
  }

  @Test
  void byteBuddyIsBuiltOnlyForAClassCarryingAMarker() throws IOException {
    AtomicInteger built = new AtomicInteger();
    PrefilterTransformer prefilter =
        countingBuilds(List.of("Ldev/agentobs/bootstrap/AgentPhase;"), Set.of(), built);
    ClassLoader loader = getClass().getClassLoader();
    prefilter.transform(loader, "a/Plain", null, null, classBytes(String.class));
    assertThat(built).hasValue(0);
    prefilter.transform(
        loader, "a/Annotated", null, null, classBytes(PrefilterFixtures.Annotated.class));
    prefilter.transform(
        loader, "a/Annotated2", null, null, classBytes(PrefilterFixtures.Annotated.class));
    assertThat(built).hasValue(1);
  }

  @Test
  void classesNamedInTheConfigurationAreWantedByNameWhateverTheirBytes() throws IOException {
    AtomicInteger built = new AtomicInteger();
    PrefilterTransformer prefilter = countingBuilds(List.of(), Set.of("com/acme/Planner"), built);
    ClassLoader loader = getClass().getClassLoader();
    prefilter.transform(loader, "com/acme/Other", null, null, classBytes(String.class));
    assertThat(built).hasValue(0);
    prefilter.transform(loader, "com/acme/Planner", null, null, classBytes(String.class));
    assertThat(built).hasValue(1);
    assertThat(prefilter.wantsLoaded(loader, "com/acme/Planner")).isTrue();
    assertThat(prefilter.wantsLoaded(null, "com/acme/Planner"))
        .as("a class of the boot loader is never named by the configuration")
        .isFalse();
  }

  @Test
  void aLoadedClassIsWantedWhenItsClassFileCarriesAMarker() {
    PrefilterTransformer prefilter =
        new PrefilterTransformer(
            List.of("Ldev/agentobs/bootstrap/AgentPhase;"),
            Set.of(),
            List.of(),
            () -> null,
            Map.of(),
            Map.of(),
            Map.of(),
            new SelfStats());
    ClassLoader loader = getClass().getClassLoader();
    // by name only: the fixture's class file is read as a resource, the class is not loaded
    assertThat(prefilter.wantsLoaded(loader, "dev/agentobs/testapp/Fixtures$Pipeline")).isTrue();
    assertThat(prefilter.wantsLoaded(loader, "dev/agentobs/testapp/Fixtures$ThrowingHandler"))
        .isFalse();
    assertThat(prefilter.wantsLoaded(loader, "no/such/Class")).isFalse();
  }

  @Test
  void agentAndJdkClassesAreNeverTransformed() {
    assertThat(PrefilterTransformer.isAgentOrJdk("dev/agentobs/shaded/io/prometheus/X")).isTrue();
    assertThat(PrefilterTransformer.isAgentOrJdk("sun/net/httpserver/ServerImpl$Exchange$LinkHandler"))
        .isTrue();
    assertThat(PrefilterTransformer.isAgentOrJdk("dev/agentobs/sample/Planner")).isFalse();
    assertThat(PrefilterTransformer.isAgentOrJdk("com/example/Handler")).isFalse();
  }

  @Test
  void loadListenersRunForTheirClass() {
    AtomicInteger seen = new AtomicInteger();
    PrefilterTransformer prefilter =
        new PrefilterTransformer(
            List.of("nothing"),
            Set.of(),
            List.of(),
            () -> null,
            Map.of("sun/net/httpserver/ServerConfig", seen::incrementAndGet),
            Map.of(),
            Map.of(),
            new SelfStats());
    prefilter.transform(null, "sun/net/httpserver/ServerConfig", null, null, new byte[10]);
    prefilter.transform(null, "sun/net/httpserver/Other", null, null, new byte[10]);
    assertThat(seen).hasValue(1);
  }

  @Test
  void aClassWhoseOnlyMarkerHasAWeaverOfItsOwnIsWovenWithoutByteBuddy() throws IOException {
    AtomicInteger built = new AtomicInteger();
    SelfStats stats = new SelfStats();
    byte[] woven = {1, 2, 3};
    PrefilterTransformer prefilter =
        withWeaver(List.of(PHASE), built, stats, fixedWeaver(woven, true));
    byte[] annotated = classBytes(PrefilterFixtures.Annotated.class);
    ClassLoader loader = getClass().getClassLoader();
    assertThat(prefilter.transform(loader, "a/Annotated", null, null, annotated)).isSameAs(woven);
    assertThat(built).as("Byte Buddy never built").hasValue(0);
    assertThat(stats.instrumentedClasses()).isEqualTo(1);
  }

  @Test
  void aClassWithAnotherInstrumentationsMarkerTooGoesToByteBuddy() throws IOException {
    AtomicInteger built = new AtomicInteger();
    // the fixture's bytes name its own class as well: a marker of some other instrumentation
    String other = "dev/agentobs/agent/tooling/PrefilterFixtures";
    PrefilterTransformer prefilter =
        withWeaver(
            List.of(PHASE, other), built, new SelfStats(), fixedWeaver(new byte[] {1}, true));
    prefilter.transform(
        getClass().getClassLoader(), "a/Annotated", null, null,
        classBytes(PrefilterFixtures.Annotated.class));
    assertThat(built).hasValue(1);
  }

  @Test
  void aClassItsWeaverCannotHandleOrFailsOnGoesToByteBuddy() throws IOException {
    AtomicInteger built = new AtomicInteger();
    SelfStats stats = new SelfStats();
    byte[] annotated = classBytes(PrefilterFixtures.Annotated.class);
    ClassLoader loader = getClass().getClassLoader();
    withWeaver(List.of(PHASE), built, stats, fixedWeaver(new byte[] {1}, false))
        .transform(loader, "a/Annotated", null, null, annotated);
    assertThat(built).as("a class file it does not handle").hasValue(1);
    ClassWeaver failing =
        new ClassWeaver() {
          @Override
          public boolean handles(byte[] classFile) {
            return true;
          }

          @Override
          public byte[] weave(String internalName, byte[] classFile) {
            throw new IllegalStateException("bug");
          }
        };
    long errorsBefore = stats.internalErrors();
    withWeaver(List.of(PHASE), built, stats, failing)
        .transform(loader, "a/Annotated", null, null, annotated);
    assertThat(built).as("a weaver that threw").hasValue(2);
    assertThat(stats.internalErrors()).isEqualTo(errorsBefore + 1);
    assertThat(stats.instrumentedClasses()).isZero();
  }

  @Test
  void aJdkClassWithAWeaverOfItsOwnIsWovenByItWithoutByteBuddy() throws IOException {
    AtomicInteger built = new AtomicInteger();
    SelfStats stats = new SelfStats();
    byte[] woven = {4, 5, 6};
    String chain = "com/sun/net/httpserver/Filter$Chain";
    PrefilterTransformer prefilter =
        new PrefilterTransformer(
            List.of(),
            Set.of(),
            List.of(chain, "sun/net/www/protocol/http/HttpURLConnection"),
            () -> {
              built.incrementAndGet();
              return new java.lang.instrument.ClassFileTransformer() {};
            },
            Map.of(),
            Map.of(),
            Map.of(chain, Map.entry("jdk-httpserver", fixedWeaver(woven, true))),
            stats);
    byte[] bytes = classBytes(String.class);
    assertThat(prefilter.transform(null, chain, null, null, bytes)).isSameAs(woven);
    assertThat(built).hasValue(0);
    prefilter.transform(null, "sun/net/www/protocol/http/HttpURLConnection", null, null, bytes);
    assertThat(built).as("a JDK class with no weaver of its own").hasValue(1);
    assertThat(stats.instrumentedClasses()).isEqualTo(1);
  }

  /** A weaver that returns {@code woven} for every class, if it {@code handles} them. */
  private static ClassWeaver fixedWeaver(byte[] woven, boolean handles) {
    return new ClassWeaver() {
      @Override
      public boolean handles(byte[] classFile) {
        return handles;
      }

      @Override
      public byte[] weave(String internalName, byte[] classFile) {
        return woven;
      }
    };
  }

  /** A pre-filter with {@code weaver} for the first marker, and a counted Byte Buddy stand-in. */
  private static PrefilterTransformer withWeaver(
      List<String> markers, AtomicInteger built, SelfStats stats, ClassWeaver weaver) {
    return new PrefilterTransformer(
        markers,
        Set.of(),
        List.of(),
        () -> {
          built.incrementAndGet();
          return new java.lang.instrument.ClassFileTransformer() {};
        },
        Map.of(),
        Map.of(markers.get(0), Map.entry("agent-phase", weaver)),
        Map.of(),
        stats);
  }

  /** A pre-filter whose Byte Buddy stand-in counts how often it is built. */
  private static PrefilterTransformer countingBuilds(
      List<String> markers, Set<String> classNames, AtomicInteger built) {
    return new PrefilterTransformer(
        markers,
        classNames,
        List.of(),
        () -> {
          built.incrementAndGet();
          return new java.lang.instrument.ClassFileTransformer() {};
        },
        Map.of(),
        Map.of(),
        Map.of(),
        new SelfStats());
  }

  private static byte[] classBytes(Class<?> type) throws IOException {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }
}
