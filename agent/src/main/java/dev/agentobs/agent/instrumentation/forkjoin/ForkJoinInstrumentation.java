/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.forkjoin;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.instrumentation.context.AttachThisAdvice;
import dev.agentobs.agent.instrumentation.context.CapturePendingAdvice;
import dev.agentobs.agent.instrumentation.context.CaptureThisAdvice;
import dev.agentobs.agent.instrumentation.context.JdkConcurrencyInstrumentation;
import dev.agentobs.agent.instrumentation.context.WrapCallableAdvice;
import dev.agentobs.agent.instrumentation.context.WrapRunnableAdvice;
import dev.agentobs.agent.tooling.AdviceBinding;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Work handed to a {@code ForkJoinPool} from inside a request runs within it: the common pool
 * (parallel streams, {@code CompletableFuture}'s async stages) and the app's own pools.
 *
 * <p>A {@code Runnable} or {@code Callable} is wrapped as it is submitted. A {@code ForkJoinTask}
 * must stay itself (the app joins it), so its context is kept aside, weakly, when it is submitted
 * or forked, and made current in {@code doExec}, where every task runs, on whichever worker stole
 * it. A parallel stream's subtasks are forked from the request's thread and from workers running
 * its other subtasks, so they all nest under the request.
 */
public final class ForkJoinInstrumentation extends JdkConcurrencyInstrumentation {

  private static final String POOL = "java.util.concurrent.ForkJoinPool";
  private static final String TASK = "java.util.concurrent.ForkJoinTask";

  public ForkJoinInstrumentation() {
    super(POOL, TASK);
  }

  @Override
  public String name() {
    return "fork-join";
  }

  @Override
  public String description() {
    return "request context into ForkJoinPool tasks: the common pool, parallel streams,"
        + " CompletableFuture async stages";
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            declared(POOL, "execute", "submit")
                .and(takesArgument(0, Runnable.class)),
            WrapRunnableAdvice.class.getName()),
        new AdviceBinding(
            declared(POOL, "submit")
                .and(takesArguments(1))
                .and(takesArgument(0, Callable.class)),
            WrapCallableAdvice.class.getName()),
        new AdviceBinding(
            declared(POOL, "execute", "submit", "invoke")
                .and(takesArguments(1))
                .and(takesArgument(0, named(TASK))),
            CapturePendingAdvice.class.getName()),
        new AdviceBinding(
            declared(TASK, "fork").and(takesArguments(0)),
            CaptureThisAdvice.class.getName()),
        new AdviceBinding(
            declared(TASK, "doExec").and(takesArguments(0)),
            AttachThisAdvice.class.getName()));
  }
}
