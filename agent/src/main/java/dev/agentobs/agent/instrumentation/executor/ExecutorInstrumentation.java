/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.executor;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.instrumentation.context.JdkConcurrencyInstrumentation;
import dev.agentobs.agent.instrumentation.context.WrapRunnableAdvice;
import dev.agentobs.agent.tooling.AdviceBinding;
import java.util.List;

/**
 * Work handed to a {@code ThreadPoolExecutor} or {@code ScheduledThreadPoolExecutor} (every {@code
 * Executors.new…Pool}) from inside a request runs within it.
 *
 * <p>A {@code FutureTask} (what {@code submit}, {@code invokeAll} and every schedule make) gets the
 * context when it is created, inside the task, so the queue holds the app's own future: {@code
 * cancel}, {@code remove}, {@code purge} and {@code instanceof} see what they always saw. A plain
 * {@code execute(Runnable)} is queued wrapped; {@code remove} and {@code shutdownNow} see through
 * the wrapper.
 */
public final class ExecutorInstrumentation extends JdkConcurrencyInstrumentation {

  private static final String POOL = "java.util.concurrent.ThreadPoolExecutor";
  private static final String FUTURE_TASK = "java.util.concurrent.FutureTask";

  public ExecutorInstrumentation() {
    super(POOL, FUTURE_TASK);
  }

  @Override
  public String name() {
    return "executor";
  }

  @Override
  public String description() {
    return "request context into ThreadPoolExecutor and ScheduledThreadPoolExecutor tasks";
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            declared(POOL, "execute")
                .and(takesArguments(1))
                .and(takesArgument(0, Runnable.class)),
            WrapRunnableAdvice.class.getName()),
        new AdviceBinding(
            declared(POOL, "remove")
                .and(takesArguments(1))
                .and(takesArgument(0, Runnable.class)),
            RemoveAdvice.class.getName()),
        new AdviceBinding(
            declared(POOL, "shutdownNow")
                .and(takesArguments(0)),
            ShutdownNowAdvice.class.getName()),
        new AdviceBinding(
            isConstructor().and(isDeclaredBy(named(FUTURE_TASK))),
            FutureTaskAdvice.class.getName()));
  }
}
