/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import dev.agentobs.agent.tooling.ClassWeaver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Weaves {@code @AgentPhase} methods with plain ASM, to the same code as {@link PhaseAdvice}: a
 * call to {@code AgentHooks.phaseEnter} with the phase, agent, type and method as constants, and
 * {@code AgentHooks.phaseExit} with the scope it returned at every return (the value boxed) and on
 * every throwable, which is rethrown. The first {@code @AgentPhase} class is usually loaded on the
 * app's main thread during its start-up, where Byte Buddy's first weave took 160–200 ms (bench
 * service, 2026-12-08, JDK 17, 2 cores) of loading and interpreting its own classes.
 *
 * <p>Two passes: the first finds the annotated methods and each one's {@code max_locals}; the
 * second weaves them, keeping the scope in the local just past the method's own, so no local of
 * the method moves and its frames only gain that one. Class files older than Java 7 (no mandatory
 * frames, maybe subroutines) are left to Byte Buddy. The hooks catch everything they throw; the
 * entry call is also wrapped, as Byte Buddy's suppression does, so an error in calling it (a stack
 * overflow) is counted and the method runs unobserved.
 */
public final class PhaseWeaver implements ClassWeaver {

  private static final String ANNOTATION = "Ldev/agentobs/bootstrap/AgentPhase;";
  private static final String HOOKS = "dev/agentobs/bootstrap/AgentHooks";
  private static final String ENTER_DESCRIPTOR =
      "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)"
          + "Ljava/lang/Object;";
  private static final String EXIT_DESCRIPTOR =
      "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)V";
  private static final String THROWABLE = "java/lang/Throwable";
  private static final int JAVA_7 = 51;

  @Override
  public boolean handles(byte[] classFile) {
    int major = classFile.length < 8 ? 0 : ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
    return major >= JAVA_7;
  }

  @Override
  public byte[] weave(String internalName, byte[] classFile) {
    ClassReader reader = OpenedClassReader.of(classFile);
    Map<String, Phase> phases = new HashMap<>();
    reader.accept(new PhaseFinder(phases), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    if (phases.isEmpty()) {
      return null;
    }
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    String type = internalName.replace('/', '.');
    reader.accept(
        new ClassVisitor(OpenedClassReader.ASM_API, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            Phase phase = phases.get(name + descriptor);
            if (phase == null) {
              return mv;
            }
            return new PhaseMethod(mv, internalName, access, descriptor, phase, type, name);
          }
        },
        ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }

  /** An annotated method's phase and agent, and how many locals it has of its own. */
  private static final class Phase {
    String name = "";
    String agent = "";
    int maxLocals = -1;
  }

  /** The first pass: annotated methods with code, by name and descriptor. */
  private static final class PhaseFinder extends ClassVisitor {
    private final Map<String, Phase> phases;

    PhaseFinder(Map<String, Phase> phases) {
      super(OpenedClassReader.ASM_API);
      this.phases = phases;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      // as AnnotatedMethods.methods: no constructor or initialiser, and no bridge (javac copies
      // the annotation onto it, and a call through it would be two phases); a native method has no
      // code to weave
      if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0
          || name.startsWith("<")) {
        return null;
      }
      return new MethodVisitor(OpenedClassReader.ASM_API) {
        private Phase phase;

        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          if (!ANNOTATION.equals(annotation)) {
            return null;
          }
          Phase found = new Phase();
          phase = found;
          return new AnnotationVisitor(OpenedClassReader.ASM_API) {
            @Override
            public void visit(String property, Object value) {
              if ("value".equals(property) && value instanceof String) {
                found.name = (String) value;
              } else if ("agent".equals(property) && value instanceof String) {
                found.agent = (String) value;
              }
            }
          };
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
          if (phase != null) {
            phase.maxLocals = maxLocals;
            phases.put(name + descriptor, phase);
          }
        }
      };
    }
  }

  /**
   * The second pass over one annotated method. Its code becomes:
   *
   * <pre>
   *   try { scope = phaseEnter(...) } catch (Throwable t) { adviceError(t); scope = null; }
   *   body:  the method's code, each return preceded by phaseExit(scope, value, null)
   *   catch (Throwable t) over the body but those exit calls: phaseExit(scope, null, t); throw t
   * </pre>
   *
   * The catch-all's table entries come after the method's own, so its own handlers still take
   * their exceptions first.
   */
  private static final class PhaseMethod extends MethodVisitor {
    private final String owner;
    private final boolean isStatic;
    private final Type[] parameters;
    private final Type returnType;
    private final Phase phase;
    private final String declaringType;
    private final String codeFunction;
    private final int scope;
    private final Label enterStart = new Label();
    private final Label enterEnd = new Label();
    private final Label enterFailed = new Label();
    private final Label body = new Label();
    private final Label thrown = new Label();
    private final List<Label> ranges = new ArrayList<>();
    private boolean codeInRange;

    PhaseMethod(
        MethodVisitor mv,
        String owner,
        int access,
        String descriptor,
        Phase phase,
        String declaringType,
        String method) {
      super(OpenedClassReader.ASM_API, mv);
      this.owner = owner;
      this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
      this.parameters = Type.getArgumentTypes(descriptor);
      this.returnType = Type.getReturnType(descriptor);
      this.phase = phase;
      this.declaringType = declaringType;
      this.codeFunction = declaringType + "." + method;
      this.scope = phase.maxLocals;
    }

    @Override
    public void visitCode() {
      super.visitCode();
      super.visitTryCatchBlock(enterStart, enterEnd, enterFailed, THROWABLE);
      super.visitLabel(enterStart);
      super.visitLdcInsn(phase.name);
      super.visitLdcInsn(phase.agent);
      super.visitLdcInsn(declaringType);
      super.visitLdcInsn(codeFunction);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "phaseEnter", ENTER_DESCRIPTOR, false);
      super.visitLabel(enterEnd);
      super.visitVarInsn(Opcodes.ASTORE, scope);
      super.visitLabel(body);
      Object[] locals = withScope(parameterLocals(), true);
      super.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
      // the method's own first frame, if its code starts with a branch target, gets an offset of
      // its own
      super.visitInsn(Opcodes.NOP);
      ranges.add(body);
      codeInRange = true;
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
      Object[] own = Arrays.copyOf(local, numLocal);
      Object[] locals = withScope(own, true);
      super.visitFrame(type, locals.length, locals, numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
        Label end = new Label();
        super.visitLabel(end);
        closeRange(end);
        exitWithValue(opcode);
        super.visitInsn(opcode);
        Label next = new Label();
        super.visitLabel(next);
        ranges.add(next);
        codeInRange = false;
        return;
      }
      codeInRange = true;
      super.visitInsn(opcode);
    }

    // every instruction but a return: the catch-all's current range is not empty

    @Override
    public void visitIntInsn(int opcode, int operand) {
      codeInRange = true;
      super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
      codeInRange = true;
      super.visitVarInsn(opcode, var);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      codeInRange = true;
      super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      codeInRange = true;
      super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      codeInRange = true;
      super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(
        String name, String descriptor, Handle bootstrap, Object... arguments) {
      codeInRange = true;
      super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      codeInRange = true;
      super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
      codeInRange = true;
      super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
      codeInRange = true;
      super.visitIincInsn(var, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      codeInRange = true;
      super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      codeInRange = true;
      super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
      codeInRange = true;
      super.visitMultiANewArrayInsn(descriptor, dimensions);
    }

    /** Before a return: phaseExit(scope, the value boxed, null), the value left on the stack. */
    private void exitWithValue(int opcode) {
      if (opcode == Opcodes.RETURN) {
        super.visitVarInsn(Opcodes.ALOAD, scope);
        super.visitInsn(Opcodes.ACONST_NULL);
      } else {
        super.visitInsn(returnType.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
        box(returnType);
        super.visitVarInsn(Opcodes.ALOAD, scope);
        super.visitInsn(Opcodes.SWAP);
      }
      super.visitInsn(Opcodes.ACONST_NULL);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "phaseExit", EXIT_DESCRIPTOR, false);
    }

    private void box(Type type) {
      String boxed;
      switch (type.getSort()) {
        case Type.BOOLEAN:
          boxed = "java/lang/Boolean";
          break;
        case Type.CHAR:
          boxed = "java/lang/Character";
          break;
        case Type.BYTE:
          boxed = "java/lang/Byte";
          break;
        case Type.SHORT:
          boxed = "java/lang/Short";
          break;
        case Type.INT:
          boxed = "java/lang/Integer";
          break;
        case Type.FLOAT:
          boxed = "java/lang/Float";
          break;
        case Type.LONG:
          boxed = "java/lang/Long";
          break;
        case Type.DOUBLE:
          boxed = "java/lang/Double";
          break;
        default:
          return; // a reference already
      }
      super.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          boxed,
          "valueOf",
          "(" + type.getDescriptor() + ")L" + boxed + ";",
          false);
    }

    private void closeRange(Label end) {
      Label start = ranges.remove(ranges.size() - 1);
      if (codeInRange) {
        ranges.add(start);
        ranges.add(end);
      }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      Label end = new Label();
      super.visitLabel(end);
      closeRange(end);
      for (int i = 0; i + 1 < ranges.size(); i += 2) {
        super.visitTryCatchBlock(ranges.get(i), ranges.get(i + 1), thrown, THROWABLE);
      }
      // entering failed: counted, and the method runs with no scope
      super.visitLabel(enterFailed);
      Object[] entry = parameterLocals();
      super.visitFrame(Opcodes.F_NEW, entry.length, entry, 1, new Object[] {THROWABLE});
      super.visitMethodInsn(
          Opcodes.INVOKESTATIC, HOOKS, "adviceError", "(Ljava/lang/Throwable;)V", false);
      super.visitInsn(Opcodes.ACONST_NULL);
      super.visitVarInsn(Opcodes.ASTORE, scope);
      super.visitJumpInsn(Opcodes.GOTO, body);
      // the body threw: phaseExit(scope, null, t), then t rethrown. The method's locals are TOP
      // here: a compiler may have stored another type in a parameter's slot
      super.visitLabel(thrown);
      Object[] none = withScope(new Object[0], false);
      super.visitFrame(Opcodes.F_NEW, none.length, none, 1, new Object[] {THROWABLE});
      super.visitInsn(Opcodes.DUP);
      super.visitVarInsn(Opcodes.ALOAD, scope);
      super.visitInsn(Opcodes.SWAP);
      super.visitInsn(Opcodes.ACONST_NULL);
      super.visitInsn(Opcodes.SWAP);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "phaseExit", EXIT_DESCRIPTOR, false);
      super.visitInsn(Opcodes.ATHROW);
      super.visitMaxs(maxStack, maxLocals);
    }

    /** The locals on entry: this (unless static) and the parameters, as frames write them. */
    private Object[] parameterLocals() {
      Object[] locals = new Object[parameters.length + (isStatic ? 0 : 1)];
      int i = 0;
      if (!isStatic) {
        locals[i++] = owner;
      }
      for (Type parameter : parameters) {
        locals[i++] = frameType(parameter);
      }
      return locals;
    }

    /**
     * {@code locals} (a frame's, one entry for a long or double) padded with TOP to the method's
     * own {@code max_locals} slots, then the scope. With {@code keep} false, all TOP.
     */
    private Object[] withScope(Object[] locals, boolean keep) {
      List<Object> out = new ArrayList<>(locals.length + scope + 1);
      int slots = 0;
      if (keep) {
        for (Object local : locals) {
          out.add(local);
          slots += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
        }
      }
      for (; slots < scope; slots++) {
        out.add(Opcodes.TOP);
      }
      out.add("java/lang/Object");
      return out.toArray();
    }

    private static Object frameType(Type type) {
      switch (type.getSort()) {
        case Type.BOOLEAN:
        case Type.CHAR:
        case Type.BYTE:
        case Type.SHORT:
        case Type.INT:
          return Opcodes.INTEGER;
        case Type.FLOAT:
          return Opcodes.FLOAT;
        case Type.LONG:
          return Opcodes.LONG;
        case Type.DOUBLE:
          return Opcodes.DOUBLE;
        default:
          return type.getInternalName();
      }
    }
  }
}
