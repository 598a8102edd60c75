/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.jdkhttp;

import dev.agentobs.agent.tooling.AroundWeaving;
import dev.agentobs.agent.tooling.ClassWeaver;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Weaves {@code Filter.Chain.doFilter(HttpExchange)} with plain ASM ({@link AroundWeaving}), to
 * the same calls as {@link JdkHttpServerAdvice}. The JDK loads the class at the server's first
 * request: with Byte Buddy, that request waited for its first weave (40–100 ms while its classes
 * were still cold, bench service, 2026-12-08, JDK 17, 2 cores).
 */
final class JdkHttpServerWeaver implements ClassWeaver {

  private static final String HOOKS = "dev/agentobs/bootstrap/AgentHooks";
  private static final String DO_FILTER = "(Lcom/sun/net/httpserver/HttpExchange;)V";

  @Override
  public boolean handles(byte[] classFile) {
    return AroundWeaving.handles(classFile);
  }

  @Override
  public byte[] weave(String internalName, byte[] classFile) {
    return AroundWeaving.weave(
        classFile,
        null,
        method ->
            method.name.equals("doFilter")
                    && method.descriptor.equals(DO_FILTER)
                    && (method.access & Opcodes.ACC_STATIC) == 0
                ? new ChainHooks()
                : null);
  }

  /** httpServerEnter(exchange); httpServerExit(scope, the exchange it was given, thrown). */
  private static final class ChainHooks implements AroundWeaving.Hooks {
    @Override
    public int[] captured() {
      return new int[] {0};
    }

    @Override
    public void enter(MethodVisitor mv, int[] argumentLocals) {
      mv.visitVarInsn(Opcodes.ALOAD, argumentLocals[0]);
      mv.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          HOOKS,
          "httpServerEnter",
          "(Ljava/lang/Object;)Ljava/lang/Object;",
          false);
    }

    /** [returned, thrown] → [scope, exchange, thrown]: a void method returns nothing to pass. */
    @Override
    public void exit(MethodVisitor mv, int scope, int[] capturedLocals) {
      mv.visitInsn(Opcodes.SWAP);
      mv.visitInsn(Opcodes.POP);
      mv.visitVarInsn(Opcodes.ALOAD, scope);
      mv.visitInsn(Opcodes.SWAP);
      mv.visitVarInsn(Opcodes.ALOAD, capturedLocals[0]);
      mv.visitInsn(Opcodes.SWAP);
      mv.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          HOOKS,
          "httpServerExit",
          "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)V",
          false);
    }
  }
}
