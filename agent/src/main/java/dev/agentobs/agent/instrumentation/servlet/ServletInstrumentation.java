/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Observes every request of a servlet container (Tomcat, Jetty, Undertow; {@code jakarta.servlet}
 * 5/6 and {@code javax.servlet} 3/4): one task per request, as for the JDK server.
 *
 * <p>The advice goes into every servlet's {@code service} and every filter's {@code doFilter}, the
 * entry points all containers share; the outermost of them on a thread starts the task, so a
 * request a filter answers is observed too, and the inner filters, the servlet, forwards and
 * includes add nothing. Only {@code REQUEST} dispatches start a task: the container's error
 * dispatch (to {@code /error}, after the request's own filter chain returned) and the re-dispatch
 * of an asynchronous request belong to a request observed already. No servlet class is loaded by
 * the agent: types and methods are matched by name, and the helper reaches the servlet API through
 * method handles resolved once per request class.
 */
public final class ServletInstrumentation implements AgentInstrumentation {

  private static final String[] NAMESPACES = {"jakarta.servlet", "javax.servlet"};

  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public String description() {
    return "one task per request of a servlet container (jakarta.servlet and javax.servlet)";
  }

  /**
   * The descriptor prefix of {@code service(ServletRequest, ServletResponse)} and {@code
   * doFilter(ServletRequest, ServletResponse, FilterChain)}: in the constant pool of every class
   * that declares (or calls) either.
   */
  @Override
  public List<String> classFileMarkers() {
    return List.of(
        "(Ljakarta/servlet/ServletRequest;Ljakarta/servlet/ServletResponse;",
        "(Ljavax/servlet/ServletRequest;Ljavax/servlet/ServletResponse;");
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    ElementMatcher.Junction<TypeDescription> entryPoints = none();
    for (String ns : NAMESPACES) {
      entryPoints = entryPoints.or(named(ns + ".Servlet")).or(named(ns + ".Filter"));
    }
    return not(isInterface()).and(hasSuperType(entryPoints));
  }

  @Override
  public List<AdviceBinding> advice() {
    ElementMatcher.Junction<MethodDescription> methods = none();
    for (String ns : NAMESPACES) {
      methods =
          methods
              .or(named("service")
                  .and(takesArguments(2))
                  .and(takesArgument(0, named(ns + ".ServletRequest")))
                  .and(takesArgument(1, named(ns + ".ServletResponse"))))
              .or(named("doFilter")
                  .and(takesArguments(3))
                  .and(takesArgument(0, named(ns + ".ServletRequest")))
                  .and(takesArgument(1, named(ns + ".ServletResponse")))
                  .and(takesArgument(2, named(ns + ".FilterChain"))));
    }
    return List.of(
        new AdviceBinding(
            isMethod().and(isPublic()).and(not(isAbstract())).and(methods),
            ServletAdvice.class.getName()));
  }
}
