/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.bootstrap.AgentPhase;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class AnnotatedMethodsTest {

  @Test
  void javacsAnnotatedBridgeIsNotWoven() {
    Class<?> bridged = PrefilterFixtures.Bridged.class;
    assertThat(
            Arrays.stream(bridged.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(AgentPhase.class))
                .map(Method::isBridge))
        .as("javac copies the annotation onto the bridge")
        .containsExactlyInAnyOrder(true, false);
    assertThat(
            TypeDescription.ForLoadedType.of(bridged)
                .getDeclaredMethods()
                .filter(AnnotatedMethods.methods(AgentPhase.class.getName()))
                .stream()
                .map(MethodDescription::toString)
                .collect(Collectors.toList()))
        .containsExactly(
            "public java.lang.String " + bridged.getName() + ".apply(java.lang.String)");
  }
}
