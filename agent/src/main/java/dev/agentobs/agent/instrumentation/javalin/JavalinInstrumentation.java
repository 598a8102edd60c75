/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.javalin;

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
 * Gives a Javalin (7) request its route: the path template of the HTTP endpoint Javalin matched
 * ({@code /users/{id}}). Javalin runs on Jetty, whose servlet instrumentation observes the request;
 * this only names it. The advice goes where Javalin binds each matched endpoint to the request
 * context, not into the handlers, which are lambdas no class-file transformer sees.
 */
public final class JavalinInstrumentation implements AgentInstrumentation {

  private static final String CONTEXT = "io.javalin.http.servlet.JavalinServletContext";

  @Override
  public String name() {
    return "javalin";
  }

  @Override
  public String description() {
    return "the route template of a Javalin request (its matched endpoint path)";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of("io/javalin/http/servlet/JavalinServletContext");
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return named(CONTEXT);
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            isMethod()
                .and(named("update"))
                .and(takesArguments(2))
                .and(takesArgument(0, named("io.javalin.router.Endpoint"))),
            JavalinAdvice.class.getName()));
  }
}
