/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.cache;

import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import dev.agentobs.agent.tooling.AnnotatedMethods;
import dev.agentobs.agent.tooling.AnnotationValueMapping;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Counts hits and misses of methods annotated {@code @AgentCache}. */
public final class CacheInstrumentation implements AgentInstrumentation {

  static final String ANNOTATION = "dev.agentobs.bootstrap.AgentCache";

  @Override
  public String name() {
    return "agent-cache";
  }

  @Override
  public String description() {
    return "hits and misses of methods annotated @AgentCache";
  }

  @Override
  public List<String> classFileMarkers() {
    return List.of(AnnotatedMethods.marker(ANNOTATION));
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return AnnotatedMethods.declaringTypes(ANNOTATION);
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            AnnotatedMethods.methods(ANNOTATION).and(not(returns(void.class))),
            CacheAdvice.class.getName(),
            Advice.withCustomMapping()
                .bind(
                    CacheAdvice.CacheName.class, new AnnotationValueMapping(ANNOTATION, "value"))));
  }
}
