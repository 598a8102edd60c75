/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Observes the application's {@code com.sun.net.httpserver.HttpHandler}s: one task per request.
 * The agent's own metrics sidecar runs on the same server classes; its handlers live in our
 * (relocated) package, which the installer never transforms.
 */
public final class JdkHttpServerInstrumentation implements AgentInstrumentation {

  private static final String HANDLER = "com.sun.net.httpserver.HttpHandler";
  private static final String EXCHANGE = "com.sun.net.httpserver.HttpExchange";

  @Override
  public String name() {
    return "jdk-httpserver";
  }

  /** An overriding {@code handle(HttpExchange)} names the exchange type in its descriptor. */
  @Override
  public List<String> classFileMarkers() {
    return List.of(EXCHANGE.replace('.', '/'));
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return hasSuperType(named(HANDLER)).and(not(isInterface()));
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            isMethod()
                .and(named("handle"))
                .and(takesArguments(1))
                .and(takesArgument(0, named(EXCHANGE)))
                .and(not(isAbstract())),
            JdkHttpServerAdvice.class.getName()));
  }
}
