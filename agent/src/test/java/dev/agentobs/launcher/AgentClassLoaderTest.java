/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentClassLoaderTest {

  private static final String PROBE = LoaderProbe.class.getName();
  private static final String PROBE_FILE = PROBE.replace('.', '/') + ".class";
  private static final String TOP_LEVEL_FILE = "dev/agentobs/launcher/TopLevel.class";

  @TempDir Path dir;
  private Path jar;
  private byte[] probeBytes;
  private AgentClassLoader loader;

  /**
   * An agent jar in the built layout: a manifest, {@link LoaderProbe} as {@code
   * inst/…/LoaderProbe.classdata}, a service file and a properties file under {@code inst/}, and
   * one class left at the top level, as the launcher is.
   */
  @BeforeEach
  void writeAgentJar() throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(PROBE_FILE)) {
      probeBytes = in.readAllBytes();
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "9.8.7");
    jar = dir.resolve("agent-obs.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      put(out, "inst/" + PROBE.replace('.', '/') + ".classdata", probeBytes);
      put(out, "inst/META-INF/services/java.lang.Runnable", utf8(PROBE + "\n"));
      put(out, "inst/dev/agentobs/version.properties", utf8("version=9.8.7"));
      put(out, TOP_LEVEL_FILE, probeBytes);
    }
    loader = new AgentClassLoader(jar);
  }

  @Test
  void loadsAClassFromTheJarsPrefixAsItsOwnWithTheJarAsCodeSource() throws Exception {
    Class<?> probe = loader.loadClass(PROBE);

    assertThat(probe).isNotSameAs(LoaderProbe.class);
    assertThat(probe.getClassLoader()).isSameAs(loader);
    assertThat(probe.getProtectionDomain().getCodeSource().getLocation())
        .isEqualTo(jar.toUri().toURL());
    assertThat(probe.getPackage().getImplementationVersion()).isEqualTo("9.8.7");
    assertThat(loader.loadClass(PROBE)).isSameAs(probe);
  }

  @Test
  void findsNothingOutsideThePrefixNorOnTheApplicationsClassPath() {
    assertThatThrownBy(() -> loader.loadClass("dev.agentobs.launcher.TopLevel"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(loader.getResource(TOP_LEVEL_FILE)).isNull();
    // on this test's class path, so the system loader would find it; the agent loader must not
    assertThatThrownBy(() -> loader.loadClass(AgentClassLoaderTest.class.getName()))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> loader.loadClass("org.assertj.core.api.Assertions"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void delegatesTheJdkIncludingModulesOfTheSystemLoader() throws Exception {
    assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
    assertThat(loader.loadClass("java.net.http.HttpClient"))
        .isSameAs(java.net.http.HttpClient.class);
    assertThat(loader.loadClass("com.sun.net.httpserver.HttpServer"))
        .isSameAs(com.sun.net.httpserver.HttpServer.class);
    // jdk.attach is defined to the system loader, which is not the agent loader's parent
    Class<?> attach = loader.loadClass("com.sun.tools.attach.VirtualMachine");
    assertThat(attach.getModule().getName()).isEqualTo("jdk.attach");
  }

  @Test
  void returnsResourcesAndClassFilesFromThePrefix() throws Exception {
    try (InputStream in = loader.getResourceAsStream(PROBE_FILE)) {
      assertThat(in).isNotNull();
      assertThat(in.readAllBytes()).isEqualTo(probeBytes);
    }
    URL properties = loader.getResource("dev/agentobs/version.properties");
    assertThat(properties).isNotNull();
    try (InputStream in = properties.openStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("version=9.8.7");
    }
    assertThat(loader.getResource(PROBE_FILE)).isNotNull();
    try (InputStream jdkClass = loader.getResourceAsStream("java/lang/String.class")) {
      assertThat(jdkClass).isNotNull();
    }
    assertThat(loader.getResource("dev/agentobs/missing.properties")).isNull();
  }

  @Test
  void servesItsServiceFilesToServiceLoader() {
    List<Runnable> providers = new ArrayList<>();
    ServiceLoader.load(Runnable.class, loader).forEach(providers::add);

    assertThat(providers).hasSize(1);
    assertThat(providers.get(0).getClass().getName()).isEqualTo(PROBE);
    assertThat(providers.get(0).getClass().getClassLoader()).isSameAs(loader);
  }

  @Test
  void theSystemLoaderSeesNoneOfItWithTheJarOnItsClassPath() throws Exception {
    try (URLClassLoader classPath = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> classPath.loadClass(PROBE))
          .isInstanceOf(ClassNotFoundException.class);
      assertThat(Collections.list(classPath.getResources("META-INF/services/java.lang.Runnable")))
          .isEmpty();
      assertThat(classPath.getResource(TOP_LEVEL_FILE)).isNotNull();
    }
  }

  @Test
  void readsAnEntryIntoOneArrayOfItsSize() throws IOException {
    for (int size : new int[] {0, 1, 8191, 8192, 8193, 100_000}) {
      byte[] content = new byte[size];
      new Random(size).nextBytes(content);

      byte[] read = AgentClassLoader.readEntry(new ByteArrayInputStream(content), size);

      assertThat(Arrays.equals(read, content)).as("%s bytes read back", size).isTrue();
    }
    byte[] unknownSize = utf8("a stored entry may not know its size");
    assertThat(AgentClassLoader.readEntry(new ByteArrayInputStream(unknownSize), -1))
        .isEqualTo(unknownSize);
  }

  @Test
  void anEntryThatIsNotTheSizeTheDirectorySaysFailsToLoad() {
    assertThatThrownBy(() -> AgentClassLoader.readEntry(new ByteArrayInputStream(new byte[9]), 10))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("10 bytes held 9 bytes");
    assertThatThrownBy(() -> AgentClassLoader.readEntry(new ByteArrayInputStream(new byte[11]), 10))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("held more");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }
}
