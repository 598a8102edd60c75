/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * An executable Spring Boot jar, laid out as the Spring Boot Maven plugin lays it out, around one
 * single-file program: the program's classes in a nested jar {@code BOOT-INF/lib/app.jar} (stored,
 * as Spring Boot requires), Spring Boot's real launcher classes at the root, and {@code Main-Class:
 * JarLauncher}, {@code Start-Class: <program>}. Its classes are defined by Spring Boot's class
 * loader from bytes read out of the nested jar.
 */
final class SpringBootJar {

  private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

  static Path build(Path source, String startClass) {
    try {
      Path work = Files.createTempDirectory("agent-obs-boot");
      Path classes = Files.createDirectories(work.resolve("classes"));
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int status =
          javac.run(null, null, null, "-d", classes.toString(), "-nowarn", source.toString());
      if (status != 0) {
        throw new IllegalStateException("javac failed on " + source);
      }
      Path jar = work.resolve("app-boot.jar");
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LAUNCHER);
      manifest.getMainAttributes().putValue("Start-Class", startClass);
      manifest.getMainAttributes().putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
      manifest.getMainAttributes().putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
        copyLauncher(out);
        out.putNextEntry(new JarEntry("BOOT-INF/classes/"));
        out.closeEntry();
        stored(out, "BOOT-INF/lib/app.jar", jarOf(classes));
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyLauncher(JarOutputStream out) throws IOException {
    try (JarFile loader = new JarFile(launcherJar().toFile())) {
      for (JarEntry entry : Collections.list(loader.entries())) {
        if (entry.getName().startsWith("META-INF/")) {
          continue;
        }
        out.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream in = loader.getInputStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }

  private static byte[] jarOf(Path classes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** An uncompressed entry: Spring Boot reads nested jars in place, so they must be stored. */
  private static void stored(JarOutputStream out, String name, byte[] content)
      throws IOException {
    JarEntry entry = new JarEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(content.length);
    entry.setCompressedSize(content.length);
    CRC32 crc = new CRC32();
    crc.update(content);
    entry.setCrc(crc.getValue());
    out.putNextEntry(entry);
    out.write(content);
    out.closeEntry();
  }

  private static Path launcherJar() {
    try {
      return Path.of(
          Class.forName(LAUNCHER).getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IllegalStateException("spring-boot-loader is not on the test class path", e);
    }
  }

  private SpringBootJar() {}
}
