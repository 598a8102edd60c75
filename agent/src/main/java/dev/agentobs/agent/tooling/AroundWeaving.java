/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

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
 * Plain-ASM weaving of an enter call and an exit call around chosen methods, as Byte Buddy's
 * {@code Advice} with an entry scope and {@code onThrowable} weaves them, for the {@link
 * ClassWeaver}s. A woven method becomes:
 *
 * <pre>
 *   captured arguments copied to locals of their own
 *   try { scope = enter(...) } catch (Throwable t) { AgentHooks.adviceError(t); scope = null; }
 *   the method's code, each return preceded by exit(scope, the value boxed or null, null)
 *   catch (Throwable t) around that code but the exit calls: exit(scope, null, t); throw t
 * </pre>
 *
 * Two passes: the first reads each method's {@code max_locals} (and, if asked, one annotation's
 * values); the second weaves, keeping the scope and the captured arguments in locals just past the
 * method's own, so none of its locals moves and its frames only gain those. The catch-all's table
 * entries come after the method's own, whose handlers so take their exceptions first. Class files
 * older than Java 7 (no mandatory frames, maybe subroutines) are not for this.
 */
public final class AroundWeaving {

  private static final String HOOKS = "dev/agentobs/bootstrap/AgentHooks";
  private static final String THROWABLE = "java/lang/Throwable";
  private static final int JAVA_7 = 51;

  /** One method of the class, as the first pass read it. */
  public static final class Method {
    public final int access;
    public final String name;
    public final String descriptor;
    /** The values of the annotation asked for, by property; null if the method lacks it. */
    public Map<String, Object> annotation;
    int maxLocals = -1;

    Method(int access, String name, String descriptor) {
      this.access = access;
      this.name = name;
      this.descriptor = descriptor;
    }

    /**
     * Whether it has code of its own to weave: no abstract or native method, no constructor or
     * initialiser, and no bridge (javac copies an override's annotations onto the bridge it makes,
     * and a call through the bridge would be observed twice, around the method). Only such
     * methods reach a {@link Selector}.
     */
    boolean hasOwnCode() {
      return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) == 0
          && !name.startsWith("<");
    }
  }

  /** The calls woven around one method. */
  public interface Hooks {

    /** Indexes (in the descriptor) of the arguments {@link #exit} needs, as they were on entry. */
    default int[] captured() {
      return new int[0];
    }

    /**
     * Calls the enter hook, leaving its scope (an {@code Object}) on the stack; the method's
     * argument {@code i} is in local {@code argumentLocals[i]}.
     */
    void enter(MethodVisitor mv, int[] argumentLocals);

    /**
     * Calls the exit hook, with the returned value (boxed, or null) and the throwable (or null) on
     * the stack, both consumed; the scope is in local {@code scope}, the captured arguments in
     * {@code capturedLocals}.
     */
    void exit(MethodVisitor mv, int scope, int[] capturedLocals);
  }

  /** Chooses the methods to weave; null for one left alone. */
  public interface Selector {
    Hooks hooks(Method method);
  }

  /** Whether these class bytes are of a version this writes frames for. */
  public static boolean handles(byte[] classFile) {
    int major = classFile.length < 8 ? 0 : ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
    return major >= JAVA_7;
  }

  /**
   * The class with the selected methods woven, or null if none is selected.
   *
   * @param annotation the descriptor of the annotation whose values {@link Method#annotation}
   *     holds, or null
   */
  public static byte[] weave(byte[] classFile, String annotation, Selector selector) {
    ClassReader reader = OpenedClassReader.of(classFile);
    Map<String, Method> methods = new HashMap<>();
    reader.accept(
        new MethodFinder(methods, annotation), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    Map<String, Hooks> chosen = new HashMap<>();
    for (Map.Entry<String, Method> method : methods.entrySet()) {
      Hooks hooks = selector.hooks(method.getValue());
      if (hooks != null) {
        chosen.put(method.getKey(), hooks);
      }
    }
    if (chosen.isEmpty()) {
      return null;
    }
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    reader.accept(
        new ClassVisitor(OpenedClassReader.ASM_API, writer) {
          private String owner;

          @Override
          public void visit(
              int version,
              int access,
              String name,
              String signature,
              String superName,
              String[] interfaces) {
            owner = name;
            super.visit(version, access, name, signature, superName, interfaces);
          }

          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            Hooks hooks = chosen.get(name + descriptor);
            if (hooks == null) {
              return mv;
            }
            int maxLocals = methods.get(name + descriptor).maxLocals;
            return new AroundMethod(mv, owner, access, descriptor, maxLocals, hooks);
          }
        },
        ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }

  /** Boxes the primitive on top of the stack as {@code type}; a reference is left as it is. */
  static void box(MethodVisitor mv, Type type) {
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
        return;
    }
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC, boxed, "valueOf", "(" + type.getDescriptor() + ")L" + boxed + ";",
        false);
  }

  /** A type as a frame's locals write it. */
  static Object frameType(Type type) {
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

  /** The first pass: every method with code, its {@code max_locals} and the annotation's values. */
  private static final class MethodFinder extends ClassVisitor {
    private final Map<String, Method> methods;
    private final String annotation;

    MethodFinder(Map<String, Method> methods, String annotation) {
      super(OpenedClassReader.ASM_API);
      this.methods = methods;
      this.annotation = annotation;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      Method method = new Method(access, name, descriptor);
      if (!method.hasOwnCode()) {
        return null;
      }
      return new MethodVisitor(OpenedClassReader.ASM_API) {
        @Override
        public AnnotationVisitor visitAnnotation(String type, boolean visible) {
          if (!type.equals(annotation)) {
            return null;
          }
          Map<String, Object> values = new HashMap<>();
          method.annotation = values;
          return new AnnotationVisitor(OpenedClassReader.ASM_API) {
            @Override
            public void visit(String property, Object value) {
              values.put(property, value);
            }
          };
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
          method.maxLocals = maxLocals;
          methods.put(name + descriptor, method);
        }
      };
    }
  }

  /** The second pass over one chosen method. */
  private static final class AroundMethod extends MethodVisitor {
    private final String owner;
    private final boolean isStatic;
    private final Type[] parameters;
    private final Type returnType;
    private final int maxLocals;
    private final Hooks hooks;
    private final int scope;
    private final int[] captured;
    private final int[] capturedLocals;
    private final Object[] capturedTypes;
    private final Label enterStart = new Label();
    private final Label enterEnd = new Label();
    private final Label enterFailed = new Label();
    private final Label body = new Label();
    private final Label thrown = new Label();
    /** The catch-all's ranges, start and end in turn; the last one still open. */
    private final List<Label> ranges = new ArrayList<>();
    private boolean codeInRange;

    AroundMethod(
        MethodVisitor mv, String owner, int access, String descriptor, int maxLocals, Hooks hooks) {
      super(OpenedClassReader.ASM_API, mv);
      this.owner = owner;
      this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
      this.parameters = Type.getArgumentTypes(descriptor);
      this.returnType = Type.getReturnType(descriptor);
      this.maxLocals = maxLocals;
      this.hooks = hooks;
      this.scope = maxLocals;
      this.captured = hooks.captured();
      this.capturedLocals = new int[captured.length];
      this.capturedTypes = new Object[captured.length];
      int next = scope + 1;
      for (int i = 0; i < captured.length; i++) {
        Type type = parameters[captured[i]];
        capturedLocals[i] = next;
        capturedTypes[i] = frameType(type);
        next += type.getSize();
      }
    }

    /** The local each argument arrives in. */
    private int[] argumentLocals() {
      int[] locals = new int[parameters.length];
      int next = isStatic ? 0 : 1;
      for (int i = 0; i < parameters.length; i++) {
        locals[i] = next;
        next += parameters[i].getSize();
      }
      return locals;
    }

    @Override
    public void visitCode() {
      super.visitCode();
      int[] arguments = argumentLocals();
      for (int i = 0; i < captured.length; i++) {
        Type type = parameters[captured[i]];
        super.visitVarInsn(type.getOpcode(Opcodes.ILOAD), arguments[captured[i]]);
        super.visitVarInsn(type.getOpcode(Opcodes.ISTORE), capturedLocals[i]);
      }
      super.visitTryCatchBlock(enterStart, enterEnd, enterFailed, THROWABLE);
      super.visitLabel(enterStart);
      hooks.enter(mv, arguments);
      super.visitLabel(enterEnd);
      super.visitVarInsn(Opcodes.ASTORE, scope);
      super.visitLabel(body);
      Object[] locals = extended(parameterLocals(), "java/lang/Object");
      super.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
      // the method's own first frame, if its code starts at a branch target, needs an offset of its
      // own
      super.visitInsn(Opcodes.NOP);
      ranges.add(body);
      codeInRange = true;
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
      Object[] locals = extended(Arrays.copyOf(local, numLocal), "java/lang/Object");
      super.visitFrame(type, locals.length, locals, numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
        Label end = new Label();
        super.visitLabel(end);
        closeRange(end);
        if (opcode == Opcodes.RETURN) {
          super.visitInsn(Opcodes.ACONST_NULL);
        } else {
          super.visitInsn(returnType.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
          box(mv, returnType);
        }
        super.visitInsn(Opcodes.ACONST_NULL);
        hooks.exit(mv, scope, capturedLocals);
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

    private void closeRange(Label end) {
      Label start = ranges.remove(ranges.size() - 1);
      if (codeInRange) {
        ranges.add(start);
        ranges.add(end);
      }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocalsIgnored) {
      Label end = new Label();
      super.visitLabel(end);
      closeRange(end);
      for (int i = 0; i + 1 < ranges.size(); i += 2) {
        super.visitTryCatchBlock(ranges.get(i), ranges.get(i + 1), thrown, THROWABLE);
      }
      // entering failed: counted, and the method runs with no scope
      super.visitLabel(enterFailed);
      Object[] entry = extended(parameterLocals(), Opcodes.TOP);
      super.visitFrame(Opcodes.F_NEW, entry.length, entry, 1, new Object[] {THROWABLE});
      super.visitMethodInsn(
          Opcodes.INVOKESTATIC, HOOKS, "adviceError", "(Ljava/lang/Throwable;)V", false);
      super.visitInsn(Opcodes.ACONST_NULL);
      super.visitVarInsn(Opcodes.ASTORE, scope);
      super.visitJumpInsn(Opcodes.GOTO, body);
      // the code threw: exit(scope, null, t), then t rethrown. The method's own locals are TOP
      // here: a compiler may have stored another type in an argument's slot
      super.visitLabel(thrown);
      Object[] none = extended(new Object[0], "java/lang/Object");
      super.visitFrame(Opcodes.F_NEW, none.length, none, 1, new Object[] {THROWABLE});
      super.visitInsn(Opcodes.DUP);
      super.visitInsn(Opcodes.ACONST_NULL);
      super.visitInsn(Opcodes.SWAP);
      hooks.exit(mv, scope, capturedLocals);
      super.visitInsn(Opcodes.ATHROW);
      super.visitMaxs(maxStack, maxLocals);
    }

    /** The locals on entry: this (unless static) and the arguments. */
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
     * A frame's {@code locals} (one entry for a long or double) padded with TOP to the method's own
     * {@code max_locals} slots, then the scope as {@code scopeType} and the captured arguments.
     */
    private Object[] extended(Object[] locals, Object scopeType) {
      List<Object> out = new ArrayList<>(locals.length + maxLocals + 1 + captured.length);
      int slots = 0;
      for (Object local : locals) {
        out.add(local);
        slots += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
      }
      for (; slots < maxLocals; slots++) {
        out.add(Opcodes.TOP);
      }
      out.add(scopeType);
      out.addAll(Arrays.asList(capturedTypes));
      return out.toArray();
    }
  }

  private AroundWeaving() {}
}
