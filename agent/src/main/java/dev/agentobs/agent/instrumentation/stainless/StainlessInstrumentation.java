/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.stainless;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Weaves a Stainless-generated SDK's service classes, picked out by their exact names: {@code
 * create} and {@code createStreaming(params, requestOptions)} of each service and of its {@code
 * WithRawResponseImpl}.
 *
 * <p>A service's {@code create} calls the same method of its {@code WithRawResponseImpl}, which
 * makes the HTTP request (the SDK's retries happen below it). Both are woven: the outer one reads
 * the parsed response, and the raw one, nested inside it, adds nothing. Called directly by an
 * application ({@code withRawResponse()}), the raw one counts the call, without its usage: its body
 * is the application's to read, and the agent never consumes it.
 */
public abstract class StainlessInstrumentation implements AgentInstrumentation {

  private final String name;
  private final String description;
  private final String[] types;
  private final String[] params;
  private final String requestOptions;

  /**
   * @param name the instrumentation's name, also the library the woven code names to the hook
   * @param sdkPackage the SDK's root package, e.g. {@code com.openai}
   * @param services the service implementations, e.g. {@code ...MessageServiceImpl}
   * @param params the parameter types of the {@code create} methods to weave
   */
  protected StainlessInstrumentation(
      String name,
      String description,
      String sdkPackage,
      List<String> services,
      List<String> params) {
    this.name = name;
    this.description = description;
    List<String> all = new ArrayList<>();
    for (String service : services) {
      all.add(service);
      all.add(service + "$WithRawResponseImpl");
    }
    this.types = all.toArray(new String[0]);
    this.params = params.toArray(new String[0]);
    this.requestOptions = sdkPackage + ".core.RequestOptions";
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final List<String> classFileMarkers() {
    return List.of();
  }

  @Override
  public final Set<String> classNames() {
    Set<String> names = new HashSet<>();
    for (String type : types) {
      names.add(type.replace('.', '/'));
    }
    return names;
  }

  @Override
  public final ElementMatcher<? super TypeDescription> types() {
    return namedOneOf(types);
  }

  @Override
  public final List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            isMethod()
                .and(namedOneOf("create", "createStreaming"))
                .and(takesArguments(2))
                .and(takesArgument(0, namedOneOf(params)))
                .and(takesArgument(1, named(requestOptions))),
            StainlessAdvice.class.getName(),
            Advice.withCustomMapping().bind(StainlessAdvice.Library.class, name)));
  }
}
