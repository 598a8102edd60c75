/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.phase;

import dev.agentobs.agent.observation.TokenUsage;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

/**
 * Reads token usage from what a phase returned, by convention, with no code in the app:
 *
 * <ul>
 *   <li>a {@link Map} with {@code input_tokens} / {@code output_tokens} (or {@code tokens_used})
 *       and {@code model};
 *   <li>an object with accessors {@code inputTokens()} / {@code outputTokens()} (or {@code
 *       tokensUsed()}, {@code totalTokens()}) and {@code model()}, also as {@code getX()} or the
 *       LangChain4j-style {@code inputTokenCount()};
 *   <li>either of these nested one level down under {@code usage()} / {@code tokenUsage()}.
 * </ul>
 *
 * Counts are taken as reported, never estimated. The accessors found for a class are cached.
 */
final class TokenReader {

  private static final Object[] NO_ARGUMENTS = {};

  private static final List<String> INPUT =
      List.of("inputTokens", "inputTokenCount", "promptTokens", "input_tokens", "prompt_tokens");
  private static final List<String> OUTPUT =
      List.of(
          "outputTokens",
          "outputTokenCount",
          "completionTokens",
          "output_tokens",
          "completion_tokens");
  private static final List<String> TOTAL =
      List.of("tokensUsed", "totalTokens", "totalTokenCount", "tokens_used", "total_tokens");
  private static final List<String> MODEL = List.of("model", "modelName");
  private static final List<String> NESTED = List.of("usage", "tokenUsage");

  private static final ClassValue<Accessors> ACCESSORS =
      new ClassValue<Accessors>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
          return Accessors.of(type);
        }
      };

  static TokenUsage read(Object returned) {
    if (returned == null) {
      return null;
    }
    return read(returned, null, 0);
  }

  private static TokenUsage read(Object source, String outerModel, int depth) {
    if (source instanceof Map) {
      return fromMap((Map<?, ?>) source, outerModel, depth);
    }
    Accessors accessors = ACCESSORS.get(source.getClass());
    if (accessors.isEmpty()) {
      return null;
    }
    String model = stringOf(invoke(accessors.model, source));
    if (model == null) {
      model = outerModel;
    }
    long in = longOf(invoke(accessors.input, source));
    long out = longOf(invoke(accessors.output, source));
    long total = longOf(invoke(accessors.total, source));
    if (in < 0 && out < 0 && total < 0) {
      Object nested = invoke(accessors.nested, source);
      return nested == null || depth > 0 ? null : read(nested, model, depth + 1);
    }
    return new TokenUsage(model, in, out, total);
  }

  private static TokenUsage fromMap(Map<?, ?> map, String outerModel, int depth) {
    String model = stringOf(first(map, MODEL));
    if (model == null) {
      model = outerModel;
    }
    long in = longOf(first(map, INPUT));
    long out = longOf(first(map, OUTPUT));
    long total = longOf(first(map, TOTAL));
    if (in < 0 && out < 0 && total < 0) {
      Object nested = first(map, NESTED);
      return nested == null || depth > 0 ? null : read(nested, model, depth + 1);
    }
    return new TokenUsage(model, in, out, total);
  }

  private static Object first(Map<?, ?> map, List<String> keys) {
    for (String key : keys) {
      Object value = map.get(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static Object invoke(Method method, Object target) {
    if (method == null) {
      return null;
    }
    try {
      // not invoke(target): javac makes a new empty array for the varargs at every call
      return method.invoke(target, NO_ARGUMENTS);
    } catch (java.lang.reflect.InvocationTargetException e) {
      // the app's own accessor threw: a failure on our path, counted by the caller
      throw new IllegalStateException("token accessor " + method + " threw", e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static long longOf(Object value) {
    if (value instanceof Number) {
      long l = ((Number) value).longValue();
      return l >= 0 ? l : -1;
    }
    return -1;
  }

  private static String stringOf(Object value) {
    return value == null ? null : value.toString();
  }

  /** The token accessors of one class; all null when it has none. */
  private static final class Accessors {
    final Method input;
    final Method output;
    final Method total;
    final Method model;
    final Method nested;

    private Accessors(Method input, Method output, Method total, Method model, Method nested) {
      this.input = input;
      this.output = output;
      this.total = total;
      this.model = model;
      this.nested = nested;
    }

    static Accessors of(Class<?> type) {
      Method input = find(type, INPUT);
      Method output = find(type, OUTPUT);
      Method total = find(type, TOTAL);
      Method nested = find(type, NESTED);
      Method model = input != null || output != null || total != null || nested != null
          ? find(type, MODEL) : null;
      return new Accessors(input, output, total, model, nested);
    }

    boolean isEmpty() {
      return input == null && output == null && total == null && nested == null;
    }

    private static Method find(Class<?> type, List<String> names) {
      for (String name : names) {
        if (name.indexOf('_') >= 0) {
          continue;
        }
        Method m = method(type, name);
        if (m == null) {
          m = method(type, "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }
        if (m != null) {
          return m;
        }
      }
      return null;
    }

    private static Method method(Class<?> type, String name) {
      try {
        Method m = type.getMethod(name);
        if (Modifier.isStatic(m.getModifiers()) || m.getReturnType() == void.class) {
          return null;
        }
        // opens a public record nested in a non-public class, or a lambda-made proxy; for any
        // other it spares Method.invoke its access check on every call (seen in profiles)
        if (!m.trySetAccessible()
            && !Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
          return null;
        }
        return m;
      } catch (NoSuchMethodException | RuntimeException e) {
        return null;
      }
    }
  }

  private TokenReader() {}
}
