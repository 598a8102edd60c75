/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parsed value of {@code phases.include}: which methods to observe as phases without an
 * annotation, in the spirit of the OpenTelemetry agent's {@code methods.include}:
 *
 * <pre>
 * com.acme.Planner#plan=planning;com.acme.Steps#*=execution:research
 * </pre>
 *
 * Entries are separated by {@code ;} (a comma already separates agent arguments), each {@code
 * Class#method[=phase[:agent_type]]}. When two entries match a method, the first wins.
 */
public final class PhaseMethods {

  static final String EXPECTED = "Class#method=phase[:agent_type] entries separated by ';'";

  private static final PhaseMethods NONE = new PhaseMethods(List.of());
  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
          + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");
  private static final Pattern METHOD_PATTERN =
      Pattern.compile("[\\p{javaJavaIdentifierPart}*]+");
  // never ours to observe: the JDK (the agent itself runs on it) and the agent
  private static final List<String> FORBIDDEN_PACKAGES =
      List.of(
          "java.",
          "javax.",
          "jdk.",
          "sun.",
          "com.sun.",
          "dev.agentobs.agent.",
          "dev.agentobs.bootstrap.",
          "dev.agentobs.shaded.");

  private final List<PhaseMethod> entries;

  private PhaseMethods(List<PhaseMethod> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses a {@code phases.include} value; blank entries are skipped.
   *
   * @throws ConfigOption.BadValue naming the first bad entry and what is wrong with it
   */
  public static PhaseMethods parse(String value) {
    List<PhaseMethod> entries = new ArrayList<>();
    for (String raw : value.split(";")) {
      String entry = raw.trim();
      if (!entry.isEmpty()) {
        entries.add(parseEntry(entry));
      }
    }
    return entries.isEmpty() ? NONE : new PhaseMethods(entries);
  }

  private static PhaseMethod parseEntry(String entry) {
    int hash = entry.indexOf('#');
    if (hash < 0) {
      throw bad(entry, "no '#method'");
    }
    String className = entry.substring(0, hash).trim();
    String rest = entry.substring(hash + 1);
    int eq = rest.indexOf('=');
    String method = (eq < 0 ? rest : rest.substring(0, eq)).trim();
    String phase = eq < 0 ? "" : rest.substring(eq + 1).trim();
    String agentType = "";
    int colon = phase.indexOf(':');
    if (colon >= 0) {
      agentType = phase.substring(colon + 1).trim();
      phase = phase.substring(0, colon).trim();
    }
    if (!CLASS_NAME.matcher(className).matches()) {
      throw bad(entry, "'" + className + "' is not a class name (wildcards are for methods only)");
    }
    for (String prefix : FORBIDDEN_PACKAGES) {
      if (className.startsWith(prefix)) {
        throw bad(entry, "JDK and agent classes cannot be observed");
      }
    }
    if (!METHOD_PATTERN.matcher(method).matches()) {
      throw bad(entry, "'" + method + "' is not a method name or a pattern with *");
    }
    if (eq >= 0 && phase.isEmpty()) {
      throw bad(entry, "empty phase name after '='");
    }
    if (colon >= 0 && agentType.isEmpty()) {
      throw bad(entry, "empty agent type after ':'");
    }
    if (agentType.indexOf(':') >= 0) {
      throw bad(entry, "more than one ':'");
    }
    return new PhaseMethod(className, method, phase, agentType);
  }

  private static ConfigOption.BadValue bad(String entry, String problem) {
    return new ConfigOption.BadValue("entry '" + entry + "': " + problem);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public List<PhaseMethod> entries() {
    return entries;
  }

  /** The binary names of the classes named, in order, without repeats. */
  public Set<String> classNames() {
    Set<String> names = new LinkedHashSet<>();
    for (PhaseMethod entry : entries) {
      names.add(entry.className());
    }
    return names;
  }

  /** The first entry matching the method, or {@code null}. */
  public PhaseMethod find(String declaringClass, String methodName) {
    for (PhaseMethod entry : entries) {
      if (entry.matches(declaringClass, methodName)) {
        return entry;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return entries.stream().map(PhaseMethod::toString).collect(Collectors.joining(";"));
  }
}
