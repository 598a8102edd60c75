/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import dev.agentobs.agent.tooling.ClassWeaver;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Observes every request of a {@code com.sun.net.httpserver} server: one task per exchange.
 *
 * <p>The advice goes into {@code Filter.Chain.doFilter(HttpExchange)}, the JDK's own entry into
 * the app's filters and handler, not into the app's {@code HttpHandler} classes: handlers written
 * as lambdas or method references are hidden classes that no class-file transformer ever sees, and
 * a request an app filter answers (a 401, say) never reaches the handler. The chain recurses once
 * per filter and again for the server's system filters; only the outermost call of an exchange
 * starts a task. The agent's own metrics sidecar is skipped by its handler's class.
 */
public final class JdkHttpServerInstrumentation implements AgentInstrumentation {

  private static final String CHAIN = "com.sun.net.httpserver.Filter$Chain";
  private static final String EXCHANGE = "com.sun.net.httpserver.HttpExchange";

  @Override
  public String name() {
    return "jdk-httpserver";
  }

  @Override
  public String description() {
    return "one task per request of a com.sun.net.httpserver server";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of();
  }

  @Override
  public List<String> jdkClasses() {
    return List.of(CHAIN.replace('.', '/'));
  }

  /** Woven without Byte Buddy: see {@link JdkHttpServerWeaver}. */
  @Override
  public ClassWeaver classWeaver() {
    return new JdkHttpServerWeaver();
  }

  @Override
  public List<String> modules() {
    return List.of("jdk.httpserver");
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return named(CHAIN);
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            isMethod()
                .and(named("doFilter"))
                .and(takesArguments(1))
                .and(takesArgument(0, named(EXCHANGE))),
            JdkHttpServerAdvice.class.getName()));
  }
}
