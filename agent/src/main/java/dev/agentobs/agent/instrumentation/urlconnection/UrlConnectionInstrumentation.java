/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Observes {@code HttpURLConnection} calls ({@code new URL(..).openConnection()}, http and https):
 * a CLIENT span and outbound metrics per connection, with {@code traceparent} and the request id
 * added as request properties before the connection is made.
 *
 * <p>The JDK's implementation class {@code sun.net.www.protocol.http.HttpURLConnection} (https
 * delegates to a subclass of it) is woven: the first of {@code connect}, {@code getOutputStream}
 * and {@code getInputStream} starts the call, {@code getInputStream} (which {@code
 * getResponseCode} uses) ends it with the response code. A connection whose response is never
 * read ends no call, and is not counted.
 */
public final class UrlConnectionInstrumentation implements AgentInstrumentation {

  private static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";

  @Override
  public String name() {
    return "http-url-connection";
  }

  @Override
  public String description() {
    return "a CLIENT span per HttpURLConnection request, trace context and request id sent";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of();
  }

  @Override
  public List<String> jdkClasses() {
    return List.of(CONNECTION.replace('.', '/'));
  }

  @Override
  public List<String> modules() {
    return List.of("java.base");
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return named(CONNECTION);
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            isPublic()
                .and(takesArguments(0))
                .and(named("connect").or(named("getOutputStream")).or(named("getInputStream"))),
            UrlConnectionAdvice.class.getName()));
  }
}
