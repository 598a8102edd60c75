/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationValue;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Binds an advice parameter to a string property of an annotation on the instrumented method, as
 * a constant compiled into the method: no reflection at run time. The annotation is found by its
 * type name, so the agent never loads it.
 */
public final class AnnotationValueMapping implements Advice.OffsetMapping {

  private final String annotationType;
  private final String property;

  public AnnotationValueMapping(String annotationType, String property) {
    this.annotationType = annotationType;
    this.property = property;
  }

  @Override
  public Target resolve(
      TypeDescription instrumentedType,
      MethodDescription instrumentedMethod,
      Assigner assigner,
      Advice.ArgumentHandler argumentHandler,
      Sort sort) {
    return Target.ForStackManipulation.of(read(instrumentedMethod));
  }

  private String read(MethodDescription method) {
    for (AnnotationDescription annotation : method.getDeclaredAnnotations()) {
      if (annotation.getAnnotationType().getName().equals(annotationType)) {
        try {
          AnnotationValue<?, ?> value = annotation.getValue(property);
          Object resolved = value.resolve();
          return resolved instanceof String ? (String) resolved : "";
        } catch (RuntimeException e) {
          return "";
        }
      }
    }
    return "";
  }
}
