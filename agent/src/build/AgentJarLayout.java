/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Turns the shaded agent jar into the one users attach: the entries named as top-level stay where
 * they are (the launcher, the manifest, the licences); every other one moves under a prefix that
 * only the agent's own class loader reads, {@code .class} renamed so that nothing scanning jars
 * takes them for classes. Run by the build ({@code mvn package}, see agent/pom.xml) as a source
 * file program, so it needs no module of its own:
 *
 * <pre>
 * java AgentJarLayout.java SHADED.jar OUT.jar PREFIX CLASS_SUFFIX TOP_LEVEL_PREFIX...
 * </pre>
 *
 * <p>The output is reproducible: entries sorted by name (the manifest first, as {@code
 * JarInputStream} wants), one fixed time, no directory entries.
 */
public final class AgentJarLayout {

  private static final String MANIFEST = "META-INF/MANIFEST.MF";
  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      throw new IllegalArgumentException(
          "usage: AgentJarLayout SHADED.jar OUT.jar PREFIX CLASS_SUFFIX TOP_LEVEL_PREFIX...");
    }
    Path in = Path.of(args[0]);
    Path out = Path.of(args[1]);
    String prefix = args[2];
    String classSuffix = args[3];
    List<String> topLevel = List.of(args).subList(4, args.length);

    int moved = 0;
    int kept = 0;
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    try (ZipFile shaded = new ZipFile(in.toFile());
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      List<String> names = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> e = shaded.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (!entry.isDirectory()) {
          names.add(entry.getName());
        }
      }
      names.sort((a, b) -> a.equals(MANIFEST) ? -1 : b.equals(MANIFEST) ? 1 : a.compareTo(b));
      for (String name : names) {
        String target;
        if (name.equals(MANIFEST) || topLevel.stream().anyMatch(name::startsWith)) {
          target = name;
          kept++;
        } else {
          target = prefix + (name.endsWith(".class")
              ? name.substring(0, name.length() - ".class".length()) + classSuffix
              : name);
          moved++;
        }
        ZipEntry copy = new ZipEntry(target);
        copy.setTimeLocal(FIXED_TIME);
        zip.putNextEntry(copy);
        try (InputStream data = shaded.getInputStream(shaded.getEntry(name))) {
          data.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
    Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
    System.out.println(
        "agent jar layout: " + out + ": " + kept + " entries at the top level, " + moved
            + " under " + prefix);
  }

  private AgentJarLayout() {}
}
