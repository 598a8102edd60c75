/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The plain-ASM weave of this JDK's own {@code Filter.Chain}: the JVM verifies the woven class as
 * it links it, and {@code doFilter} calls the hooks. What the hooks then observe is the
 * instrumentation tests' and the integration tests' (every request of the sample app).
 */
class JdkHttpServerWeaverTest {

  private static final String CHAIN = "com/sun/net/httpserver/Filter$Chain";

  @Test
  void theJdksFilterChainIsWovenAndVerifies() throws Exception {
    byte[] original = jdkClassFile(CHAIN);
    JdkHttpServerWeaver weaver = new JdkHttpServerWeaver();
    assertThat(weaver.handles(original)).isTrue();
    byte[] woven = weaver.weave(CHAIN, original);
    assertThat(woven).isNotNull();
    assertThat(calls(woven, "doFilter"))
        .containsSubsequence(
            "dev/agentobs/bootstrap/AgentHooks.httpServerEnter",
            "java/util/ListIterator.hasNext",
            "dev/agentobs/bootstrap/AgentHooks.httpServerExit");
    assertThat(calls(original, "doFilter")).noneMatch(call -> call.contains("AgentHooks"));
    // linking verifies it: a bad frame or stack would throw VerifyError here
    Class<?> linked =
        Class.forName(
            CHAIN.replace('/', '.'), true, new Isolated(getClass().getClassLoader(), woven));
    assertThat(linked.getClassLoader()).isInstanceOf(Isolated.class);
  }

  @Test
  void aClassWithoutDoFilterIsLeftAlone() throws IOException {
    assertThat(new JdkHttpServerWeaver().weave("java/lang/String", jdkClassFile("java/lang/String")))
        .isNull();
  }

  /** The methods {@code method} calls, in order, as owner.name. */
  private static List<String> calls(byte[] classFile, String method) {
    List<String> calls = new ArrayList<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] ex) {
                if (!name.equals(method)) {
                  return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitMethodInsn(
                      int opcode, String owner, String called, String desc, boolean itf) {
                    calls.add(owner + "." + called);
                  }
                };
              }
            },
            0);
    return calls;
  }

  private static byte[] jdkClassFile(String internalName) throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Defines the woven chain itself; everything else comes from the JDK. */
  private static final class Isolated extends ClassLoader {
    private final byte[] chain;

    Isolated(ClassLoader parent, byte[] chain) {
      super(parent);
      this.chain = chain;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(CHAIN.replace('/', '.'))) {
        synchronized (getClassLoadingLock(name)) {
          Class<?> loaded = findLoadedClass(name);
          return loaded != null ? loaded : defineClass(name, chain, 0, chain.length);
        }
      }
      return super.loadClass(name, resolve);
    }
  }
}
