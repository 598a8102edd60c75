/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import dev.agentobs.agent.tooling.AroundWeaving;
import dev.agentobs.agent.tooling.ClassWeaver;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Weaves {@code @AgentPhase} methods with plain ASM ({@link AroundWeaving}), to the same calls as
 * {@link PhaseAdvice}: {@code AgentHooks.phaseEnter} with the phase, agent, type and method as
 * constants, and {@code AgentHooks.phaseExit} with its scope and the returned value or the
 * throwable. The first {@code @AgentPhase} class is usually loaded on the app's main thread as it
 * starts, where Byte Buddy's first weave took 160–200 ms (bench service, 2026-12-08, JDK 17, 2
 * cores) loading and interpreting its own classes; this one took 9 ms.
 */
public final class PhaseWeaver implements ClassWeaver {

  private static final String ANNOTATION = "Ldev/agentobs/bootstrap/AgentPhase;";
  private static final String HOOKS = "dev/agentobs/bootstrap/AgentHooks";
  private static final String ENTER_DESCRIPTOR =
      "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)"
          + "Ljava/lang/Object;";
  private static final String EXIT_DESCRIPTOR =
      "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)V";

  @Override
  public boolean handles(byte[] classFile) {
    return AroundWeaving.handles(classFile);
  }

  @Override
  public byte[] weave(String internalName, byte[] classFile) {
    String type = internalName.replace('/', '.');
    return AroundWeaving.weave(
        classFile,
        ANNOTATION,
        method -> {
          if (method.annotation == null) {
            return null;
          }
          return new PhaseHooks(
              string(method.annotation.get("value")),
              string(method.annotation.get("agent")),
              type,
              type + "." + method.name);
        });
  }

  private static String string(Object value) {
    return value instanceof String ? (String) value : "";
  }

  /** The phase's constants, then the two hook calls. */
  private static final class PhaseHooks implements AroundWeaving.Hooks {
    private final String phase;
    private final String agent;
    private final String declaringType;
    private final String codeFunction;

    PhaseHooks(String phase, String agent, String declaringType, String codeFunction) {
      this.phase = phase;
      this.agent = agent;
      this.declaringType = declaringType;
      this.codeFunction = codeFunction;
    }

    @Override
    public void enter(MethodVisitor mv, int[] argumentLocals) {
      mv.visitLdcInsn(phase);
      mv.visitLdcInsn(agent);
      mv.visitLdcInsn(declaringType);
      mv.visitLdcInsn(codeFunction);
      mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "phaseEnter", ENTER_DESCRIPTOR, false);
    }

    /** [returned, thrown] → [scope, returned, thrown]. */
    @Override
    public void exit(MethodVisitor mv, int scope, int[] capturedLocals) {
      mv.visitVarInsn(Opcodes.ALOAD, scope);
      mv.visitInsn(Opcodes.DUP_X2);
      mv.visitInsn(Opcodes.POP);
      mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "phaseExit", EXIT_DESCRIPTOR, false);
    }
  }
}
