/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.log4j;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * With {@code log.reformat}: Log4j 2 console output written as the agent's JSON lines. The advice
 * goes into {@code AbstractOutputStreamAppender.append(LogEvent)}, which Log4j calls after the
 * appender's filters, so what the app's configuration lets through is exactly what is taken.
 */
public final class Log4jAppenderInstrumentation implements AgentInstrumentation {

  private static final String APPENDER =
      "org.apache.logging.log4j.core.appender.AbstractOutputStreamAppender";

  @Override
  public String name() {
    return "log4j-appender";
  }

  @Override
  public String description() {
    return "Log4j 2 console appenders' events, written as app_log lines";
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
            isMethod()
                .and(named("append"))
                .and(takesArguments(1))
                .and(takesArgument(0, named("org.apache.logging.log4j.core.LogEvent"))),
            Log4jAppenderAdvice.class.getName()));
  }
}
