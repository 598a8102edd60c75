/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.boot;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Puts the bootstrap API (the hooks woven code calls, the annotations) into the boot loader, where
 * classes of every loader, JDK modules included, can reach it.
 *
 * <p>The usual way, appending a jar to the boot class path, makes the JVM give up class data
 * sharing for every class outside the boot loader: on JDK 17 and 25 it prints a warning on the
 * application's stderr and costs the application some 0.1 to 0.2 s of start-up here. So the few
 * classes are defined in the boot loader directly, and the jar is appended only if that fails.
 * Only JDK classes are referenced here: the bootstrap API does not exist until this has run.
 */
public final class BootClasses {

  static final String JAR_RESOURCE = "META-INF/agent-obs/agent-obs-bootstrap.jar";

  /** How the classes got there, for the agent's debug output. */
  public static String install(Instrumentation inst) throws IOException {
    byte[] jar = embeddedJar();
    try {
      defineDirectly(inst, classesOf(jar));
      return "bootstrap classes defined in the boot loader";
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      appendJar(inst, jar);
      return "bootstrap jar appended to the boot class path (" + e + ")";
    }
  }

  private static void defineDirectly(Instrumentation inst, Map<String, byte[]> classes)
      throws IOException, ReflectiveOperationException {
    Class<?> definer = new IsolatedLoader().load(BootDefiner.class);
    Module base = Object.class.getModule();
    inst.redefineModule(
        base,
        Set.of(),
        Map.of("jdk.internal.misc", Set.of(definer.getModule())),
        Map.of(),
        Set.of(),
        Map.of());
    definer.getMethod("define", Map.class).invoke(null, classes);
  }

  private static Map<String, byte[]> classesOf(byte[] jar) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
      for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
        String name = entry.getName();
        if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
          String binaryName = name.substring(0, name.length() - 6).replace('/', '.');
          classes.put(binaryName, in.readAllBytes());
        }
      }
    }
    return classes;
  }

  private static byte[] embeddedJar() throws IOException {
    try (InputStream in = BootClasses.class.getClassLoader().getResourceAsStream(JAR_RESOURCE)) {
      if (in == null) {
        throw new IOException(JAR_RESOURCE + " missing from the agent jar");
      }
      return in.readAllBytes();
    }
  }

  private static void appendJar(Instrumentation inst, byte[] jar) throws IOException {
    File file = File.createTempFile("agent-obs-bootstrap", ".jar");
    file.deleteOnExit();
    Files.write(file.toPath(), jar);
    inst.appendToBootstrapClassLoaderSearch(new JarFile(file));
  }

  /** A loader of one class, whose unnamed module is that class's alone. */
  private static final class IsolatedLoader extends ClassLoader {
    IsolatedLoader() {
      super(null);
    }

    Class<?> load(Class<?> type) throws IOException {
      String resource = type.getName().replace('.', '/') + ".class";
      try (InputStream in = BootClasses.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException(resource + " missing from the agent jar");
        }
        byte[] bytes = in.readAllBytes();
        return defineClass(type.getName(), bytes, 0, bytes.length);
      }
    }
  }

  private BootClasses() {}
}
