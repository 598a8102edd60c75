/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.thread;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.instrumentation.context.AttachThisAdvice;
import dev.agentobs.agent.instrumentation.context.CaptureThisAdvice;
import dev.agentobs.agent.instrumentation.context.JdkConcurrencyInstrumentation;
import dev.agentobs.agent.instrumentation.context.PauseAdvice;
import dev.agentobs.agent.tooling.AdviceBinding;
import java.util.List;

/**
 * A thread started from inside a request runs within it: platform threads ({@code new
 * Thread(runnable).start()}, and so {@code CompletableFuture}'s one-thread-per-task fallback when the
 * common pool has a single worker) and virtual threads ({@code Thread.ofVirtual()}, {@code
 * Executors.newVirtualThreadPerTaskExecutor()}, JDK 21+).
 *
 * <p>The context is taken in {@code start} and made current where the thread's task begins: {@code
 * Thread.run} (a subclass that overrides {@code run} gets none) and the virtual thread's own {@code
 * run(Runnable)}. Pool worker threads get none: a {@code ThreadPoolExecutor} starting a worker from
 * inside a request has the context paused meanwhile, and fork-join workers are skipped, since they
 * serve every later task.
 */
public final class ThreadInstrumentation extends JdkConcurrencyInstrumentation {

  private static final String THREAD = "java.lang.Thread";
  private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";
  private static final String POOL = "java.util.concurrent.ThreadPoolExecutor";

  public ThreadInstrumentation() {
    super(THREAD, VIRTUAL_THREAD, POOL);
  }

  @Override
  public String name() {
    return "thread";
  }

  @Override
  public String description() {
    return "request context into threads started within it, virtual threads included";
  }

  @Override
  public List<AdviceBinding> advice() {
    return List.of(
        new AdviceBinding(
            isMethod()
                .and(isDeclaredBy(named(THREAD).or(named(VIRTUAL_THREAD))))
                .and(named("start")),
            CaptureThisAdvice.class.getName()),
        new AdviceBinding(
            declared(THREAD, "run").and(takesArguments(0)),
            AttachThisAdvice.class.getName()),
        new AdviceBinding(
            declared(VIRTUAL_THREAD, "run")
                .and(takesArguments(1))
                .and(takesArgument(0, Runnable.class)),
            AttachThisAdvice.class.getName()),
        new AdviceBinding(
            declared(POOL, "addWorker"),
            PauseAdvice.class.getName()));
  }
}
