/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * With {@code log.reformat}: Logback console output written as the agent's JSON lines. The advice
 * goes into {@code OutputStreamAppender.subAppend}, which runs after the appender's filters and
 * before its encoder, so what the app's configuration lets through is exactly what is taken.
 */
public final class LogbackAppenderInstrumentation implements AgentInstrumentation {

  private static final String APPENDER = "ch.qos.logback.core.OutputStreamAppender";

  @Override
  public String name() {
    return "logback-appender";
  }

  @Override
  public String description() {
    return "Logback console appenders' events, written as app_log lines";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of();
  }

  @Override
  public Set<String> classNames() {
    return Set.of(APPENDER.replace('.', '/'));
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return named(APPENDER);
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            isMethod().and(named("subAppend")).and(takesArguments(1)),
            LogbackAppenderAdvice.class.getName()));
  }
}
