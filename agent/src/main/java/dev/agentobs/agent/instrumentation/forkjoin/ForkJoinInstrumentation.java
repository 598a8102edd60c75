/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.forkjoin;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.instrumentation.context.AttachThisAdvice;
import dev.agentobs.agent.instrumentation.context.CapturePendingAdvice;
import dev.agentobs.agent.instrumentation.context.CaptureThisAdvice;
import dev.agentobs.agent.instrumentation.context.JdkClasses;
import dev.agentobs.agent.instrumentation.context.WrapCallableAdvice;
import dev.agentobs.agent.instrumentation.context.WrapRunnableAdvice;
import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.List;
import java.util.concurrent.Callable;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

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
public final class ForkJoinInstrumentation implements AgentInstrumentation {

  private static final String POOL = "java.util.concurrent.ForkJoinPool";
  private static final String TASK = "java.util.concurrent.ForkJoinTask";
  private static final JdkClasses CLASSES = new JdkClasses(POOL, TASK);

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
  public List<String> classFileMarkers() {
    return List.of();
  }

  @Override
  public List<String> loadedJdkClasses() {
    return CLASSES.internalNames();
  }

  @Override
  public List<String> modules() {
    return List.of("java.base");
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return CLASSES.matcher();
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            isMethod()
                .and(isDeclaredBy(named(POOL)))
                .and(namedOneOf("execute", "submit"))
                .and(takesArgument(0, Runnable.class)),
            WrapRunnableAdvice.class.getName()),
        new AdviceBinding(
            isMethod()
                .and(isDeclaredBy(named(POOL)))
                .and(named("submit"))
                .and(takesArguments(1))
                .and(takesArgument(0, Callable.class)),
            WrapCallableAdvice.class.getName()),
        new AdviceBinding(
            isMethod()
                .and(isDeclaredBy(named(POOL)))
                .and(namedOneOf("execute", "submit", "invoke"))
                .and(takesArguments(1))
                .and(takesArgument(0, named(TASK))),
            CapturePendingAdvice.class.getName()),
        new AdviceBinding(
            isMethod().and(isDeclaredBy(named(TASK))).and(named("fork")).and(takesArguments(0)),
            CaptureThisAdvice.class.getName()),
        new AdviceBinding(
            isMethod().and(isDeclaredBy(named(TASK))).and(named("doExec")).and(takesArguments(0)),
            AttachThisAdvice.class.getName()));
  }
}
