/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads the agent (its own classes and the shaded libraries) from the entries under {@link #PREFIX}
 * of the agent jar, where the system class loader, which has the jar on its class path, finds
 * nothing: the application can neither load an agent class nor see its service files.
 *
 * <p>Its parent is the platform loader, so the agent sees the JDK and the bootstrap API (defined in
 * the boot loader) and never the application's classes, whatever versions of the same libraries
 * the application ships. The few JDK modules the system loader defines ({@code jdk.attach} for the
 * command line's attach, for one) are delegated to it by package. References only the JDK.
 */
public final class AgentClassLoader extends ClassLoader {

  /** Where the build puts every entry of the agent jar but the launcher and the manifest. */
  public static final String PREFIX = "inst/";

  /** The build's name for {@code .class}: no tool scanning jars takes these for classes. */
  public static final String CLASS_SUFFIX = ".classdata";

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain domain;
  private final Attributes manifest;
  private volatile Set<String> systemJdkPackages;

  /** A loader of the agent in {@code agentJar}; the jar stays open for the life of the JVM. */
  public AgentClassLoader(Path agentJar) throws IOException {
    super("agent-obs", ClassLoader.getPlatformClassLoader());
    jar = new JarFile(agentJar.toFile(), false);
    URL location = agentJar.toUri().toURL();
    jarUrl = "jar:" + location + "!/";
    // the jar as code source: the agent finds its own jar through it (attach, its command line)
    domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    Manifest jarManifest = jar.getManifest();
    manifest = jarManifest == null ? new Attributes() : jarManifest.getMainAttributes();
  }

  /** Whether the jar holds the class {@code name} under {@link #PREFIX}: an agent jar, not a copy. */
  public static boolean holdsClass(Path jar, String name) {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      return file.getJarEntry(classEntry(name)) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether this loader's jar holds the class {@code name}. */
  public boolean holdsClass(String name) {
    return jar.getJarEntry(classEntry(name)) != null;
  }

  /** Closes the jar: for a loader that turned out to be for the wrong jar, before any class. */
  public void close() throws IOException {
    jar.close();
  }

  private static String classEntry(String className) {
    return PREFIX + className.replace('.', '/') + CLASS_SUFFIX;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(classEntry(name));
    String pkg = packageOf(name);
    if (entry == null) {
      if (systemJdkPackages().contains(pkg)) {
        return ClassLoader.getSystemClassLoader().loadClass(name);
      }
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = readEntry(in, entry.getSize());
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageOf(pkg);
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  /**
   * An entry's bytes in one array of its size, which the jar's directory gives: {@code
   * readAllBytes} reads into 8 KB chunks and copies them out: for the agent's 2,600 classes, 18
   * of the 80 MB the bench service allocated by the time it served.
   */
  static byte[] readEntry(InputStream in, long size) throws IOException {
    if (size < 0 || size > Integer.MAX_VALUE - 8) {
      return in.readAllBytes();
    }
    byte[] bytes = new byte[(int) size];
    int read = in.readNBytes(bytes, 0, bytes.length);
    if (read != bytes.length || in.read() != -1) {
      throw new IOException("a jar entry of " + size + " bytes held "
          + (read < bytes.length ? read + " bytes" : "more"));
    }
    return bytes;
  }

  @Override
  protected URL findResource(String name) {
    JarEntry entry = jar.getJarEntry(entryName(name));
    if (entry == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entry.getName());
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Set.of(url));
  }

  /**
   * Reads the agent's own entries straight from the open jar: Byte Buddy reads every advice class
   * and every type it describes this way, and a {@code jar:} URL connection per read would cost
   * more. The JDK has no resource of these names, so looking here first changes no answer.
   */
  @Override
  public InputStream getResourceAsStream(String name) {
    JarEntry entry = jar.getJarEntry(entryName(name));
    if (entry == null) {
      return super.getResourceAsStream(name);
    }
    try {
      return jar.getInputStream(entry);
    } catch (IOException e) {
      return null; // as ClassLoader.getResourceAsStream answers an I/O error
    }
  }

  static String entryName(String resource) {
    if (resource.endsWith(".class")) {
      return PREFIX + resource.substring(0, resource.length() - ".class".length()) + CLASS_SUFFIX;
    }
    return PREFIX + resource;
  }

  /** Defines a class's package with the jar's version, which the agent reports as its own. */
  private void definePackageOf(String pkg) {
    if (pkg.isEmpty() || getDefinedPackage(pkg) != null) {
      return;
    }
    try {
      definePackage(
          pkg,
          manifest.getValue(Attributes.Name.SPECIFICATION_TITLE),
          manifest.getValue(Attributes.Name.SPECIFICATION_VERSION),
          manifest.getValue(Attributes.Name.SPECIFICATION_VENDOR),
          manifest.getValue(Attributes.Name.IMPLEMENTATION_TITLE),
          manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION),
          manifest.getValue(Attributes.Name.IMPLEMENTATION_VENDOR),
          null);
    } catch (IllegalArgumentException e) {
      // another thread defined it first
    }
  }

  /** Packages of the JDK's own modules that the system loader, not the platform loader, defines. */
  private Set<String> systemJdkPackages() {
    Set<String> packages = systemJdkPackages;
    if (packages == null) {
      packages = new HashSet<>();
      ClassLoader system = ClassLoader.getSystemClassLoader();
      for (Module module : ModuleLayer.boot().modules()) {
        String moduleName = module.getName();
        if (module.getClassLoader() == system
            && (moduleName.startsWith("jdk.") || moduleName.startsWith("java."))) {
          for (ModuleDescriptor.Exports exports : module.getDescriptor().exports()) {
            if (!exports.isQualified()) {
              packages.add(exports.source());
            }
          }
        }
      }
      systemJdkPackages = packages;
    }
    return packages;
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }
}
