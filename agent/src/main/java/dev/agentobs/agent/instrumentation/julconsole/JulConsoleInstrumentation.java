/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.julconsole;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * With {@code log.reformat}: {@code java.util.logging} console output (also what {@code
 * System.Logger} writes by default) as the agent's JSON lines. {@code ConsoleHandler} declares its
 * own {@code publish}, so only the console is affected, not file or socket handlers.
 */
public final class JulConsoleInstrumentation implements AgentInstrumentation {

  private static final String HANDLER = "java.util.logging.ConsoleHandler";

  @Override
  public String name() {
    return "jul-console";
  }

  @Override
  public String description() {
    return "java.util.logging console handler records, written as app_log lines";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of();
  }

  @Override
  public List<String> jdkClasses() {
    return List.of(HANDLER.replace('.', '/'));
  }

  @Override
  public List<String> modules() {
    return List.of("java.logging");
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return named(HANDLER);
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            isMethod().and(named("publish")).and(takesArguments(1)),
            JulConsoleAdvice.class.getName()));
  }
}
