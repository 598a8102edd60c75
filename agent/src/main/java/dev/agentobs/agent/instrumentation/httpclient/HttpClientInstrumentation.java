/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Observes calls of {@code java.net.http.HttpClient}: a CLIENT span and outbound metrics per
 * request, with {@code traceparent} and the request id sent along.
 *
 * <p>{@code HttpClient.newHttpClient()} hands out a facade over {@code
 * jdk.internal.net.http.HttpClientImpl}, whose private four-argument {@code sendAsync} every send
 * ends in: {@code send} calls it and waits, so one advice covers both, and the call ends when the
 * response future completes. It is a JDK class in the {@code java.net.http} module (JDK 11 to 25
 * keep this method), hence the module read edge to the hooks.
 */
public final class HttpClientInstrumentation implements AgentInstrumentation {

  private static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";

  @Override
  public String name() {
    return "java-http-client";
  }

  @Override
  public String description() {
    return "a CLIENT span per java.net.http.HttpClient request, trace context and request id sent";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of();
  }

  @Override
  public List<String> jdkClasses() {
    return List.of(CLIENT.replace('.', '/'));
  }

  @Override
  public List<String> modules() {
    return List.of("java.net.http");
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return named(CLIENT);
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            isMethod()
                .and(named("sendAsync"))
                .and(takesArguments(4))
                .and(takesArgument(0, named("java.net.http.HttpRequest")))
                .and(takesArgument(3, named("java.util.concurrent.Executor"))),
            HttpClientAdvice.class.getName()));
  }
}
