/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bootstrap;

import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The static bridge between advice inlined into application classes and the agent.
 *
 * <p>The agent appends this class to the bootstrap class path at start-up, so advice in any class
 * loader can call it. Every method is a no-op until the agent installs a {@link Dispatcher}, and
 * none of them ever throws: a failure inside the agent is counted (see {@link #internalErrors()})
 * and swallowed, because the application must behave exactly as without the agent.
 *
 * <p>Applications never call this class; it is public only because inlined advice must reach it.
 */
public final class AgentHooks {

  private static final AtomicLong INTERNAL_ERRORS = new AtomicLong();

  private static final ContextStore PENDING = new ContextStore();

  private static volatile Dispatcher dispatcher;

  /**
   * Installs the agent's dispatcher. The first installation wins, so a second copy of the agent
   * attached to the same JVM cannot take over.
   *
   * @param newDispatcher the dispatcher
   * @return {@code true} if it was installed, {@code false} if one was already present
   */
  public static synchronized boolean install(Dispatcher newDispatcher) {
    if (dispatcher != null || newDispatcher == null) {
      return false;
    }
    dispatcher = newDispatcher;
    return true;
  }

  /**
   * Tells whether a dispatcher is installed.
   *
   * @return {@code true} once the agent is active
   */
  public static boolean isInstalled() {
    return dispatcher != null;
  }

  /**
   * Counts failures swallowed inside the agent's advice and hooks since start-up.
   *
   * @return the number of internal errors
   */
  public static long internalErrors() {
    return INTERNAL_ERRORS.get();
  }

  /**
   * Called on entry to an application's {@code com.sun.net.httpserver.HttpHandler#handle}.
   *
   * @param exchange the {@code HttpExchange}
   * @return a scope to hand to {@link #httpServerExit}, or {@code null} if not observed
   */
  public static Object httpServerEnter(Object exchange) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return null;
    }
    try {
      return d.httpServerEnter(exchange);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return null;
    }
  }

  /**
   * Called on exit from an observed {@code HttpHandler#handle}, normal or exceptional.
   *
   * @param scope what {@link #httpServerEnter} returned
   * @param exchange the {@code HttpExchange}
   * @param thrown the handler's exception, or {@code null}
   */
  public static void httpServerExit(Object scope, Object exchange, Throwable thrown) {
    Dispatcher d = dispatcher;
    if (d == null || scope == null) {
      return;
    }
    try {
      d.httpServerExit(scope, exchange, thrown);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Called on entry to a servlet's {@code service} or a filter's {@code doFilter} ({@code
   * jakarta.servlet} or {@code javax.servlet}).
   *
   * @param request the {@code ServletRequest}
   * @param response the {@code ServletResponse}
   * @return a scope to hand to {@link #servletExit}, or {@code null} if not observed (an inner
   *     filter or servlet of a request already observed, or not an HTTP request)
   */
  public static Object servletEnter(Object request, Object response) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return null;
    }
    try {
      return d.servletEnter(request, response);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return null;
    }
  }

  /**
   * Called on exit from an observed {@code service} or {@code doFilter}, normal or exceptional.
   *
   * @param scope what {@link #servletEnter} returned
   * @param request the {@code ServletRequest}
   * @param response the {@code ServletResponse}
   * @param thrown the method's exception, or {@code null}
   */
  public static void servletExit(Object scope, Object request, Object response, Throwable thrown) {
    Dispatcher d = dispatcher;
    if (d == null || scope == null) {
      return;
    }
    try {
      d.servletExit(scope, request, response, thrown);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Called when Javalin matched an endpoint to the request: an HTTP endpoint's path template is the
   * request's route.
   *
   * @param endpoint the {@code io.javalin.router.Endpoint}
   */
  public static void javalinEndpoint(Object endpoint) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return;
    }
    try {
      d.javalinEndpoint(endpoint);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Called on entry to {@code java.net.http.HttpClient}'s send (synchronous and asynchronous).
   *
   * @param request the {@code java.net.http.HttpRequest}
   * @return a scope for {@link #httpClientRequest} and {@link #httpClientExit}, or {@code null}
   */
  public static Object httpClientEnter(Object request) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return null;
    }
    try {
      return d.httpClientEnter(request);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return null;
    }
  }

  /**
   * The request to send instead of {@code request}: the same request with trace-context and
   * request-id headers added.
   *
   * @param scope what {@link #httpClientEnter} returned
   * @param request the application's {@code HttpRequest}
   * @return the request to send; {@code request} itself if nothing is to be added or on failure
   */
  public static Object httpClientRequest(Object scope, Object request) {
    Dispatcher d = dispatcher;
    if (d == null || scope == null) {
      return request;
    }
    try {
      Object replaced = d.httpClientRequest(scope, request);
      return replaced == null ? request : replaced;
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return request;
    }
  }

  /**
   * Called on exit from the send: the call ends when the returned future completes.
   *
   * @param scope what {@link #httpClientEnter} returned
   * @param future the {@code CompletableFuture} of the response, or {@code null} if it threw
   * @param thrown what the send threw, or {@code null}
   */
  public static void httpClientExit(Object scope, Object future, Throwable thrown) {
    Dispatcher d = dispatcher;
    if (d == null || scope == null) {
      return;
    }
    try {
      d.httpClientExit(scope, future, thrown);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Called on entry to {@code HttpURLConnection}'s {@code connect}, {@code getOutputStream} and
   * {@code getInputStream}: the first of them starts the call.
   *
   * @param connection the JDK's {@code HttpURLConnection}
   * @param connected whether it is connected already (headers can no longer be added)
   */
  public static void urlConnectionEnter(Object connection, boolean connected) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return;
    }
    try {
      d.urlConnectionEnter(connection, connected);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Called on exit from those methods: the call ends when the response arrived or it failed.
   *
   * @param connection the JDK's {@code HttpURLConnection}
   * @param responseCode its response code so far, -1 if none
   * @param thrown what the method threw, or {@code null}
   * @param responseRead {@code true} on exit from {@code getInputStream}
   */
  public static void urlConnectionExit(
      Object connection, int responseCode, Throwable thrown, boolean responseRead) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return;
    }
    try {
      d.urlConnectionExit(connection, responseCode, thrown, responseRead);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Called on entry to a method annotated {@link AgentPhase}.
   *
   * @param phase the phase name
   * @param agent the agent type, or empty to inherit
   * @param declaringType the binary name of the method's declaring class
   * @param codeFunction the method's fully qualified name, e.g. {@code com.example.Planner.plan}
   * @return a scope to hand to {@link #phaseExit}, or {@code null} if not observed
   */
  public static Object phaseEnter(
      String phase, String agent, String declaringType, String codeFunction) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return null;
    }
    try {
      return d.phaseEnter(phase, agent, declaringType, codeFunction);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return null;
    }
  }

  /**
   * Called on exit from a method annotated {@link AgentPhase}, normal or exceptional.
   *
   * @param scope what {@link #phaseEnter} returned
   * @param returned the return value (boxed), or {@code null}
   * @param thrown the method's exception, or {@code null}
   */
  public static void phaseExit(Object scope, Object returned, Throwable thrown) {
    Dispatcher d = dispatcher;
    if (d == null || scope == null) {
      return;
    }
    try {
      d.phaseExit(scope, returned, thrown);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Called on entry to an LLM client's call (a chat, a completion): starts one LLM-call
   * observation, or, inside another LLM call on this thread (a framework wrapping an SDK, one
   * overload calling another), a nested one whose results only fill what the outer one could not
   * read.
   *
   * @param library the instrumentation's name, e.g. {@code langchain4j}, which picks the helper
   *     that reads this library's types
   * @param client the model or client object called
   * @param request the request argument, or {@code null}
   * @return a scope for {@link #llmCallCallback} and {@link #llmCallExit}, or {@code null}
   */
  public static Object llmCallEnter(String library, Object client, Object request) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return null;
    }
    try {
      return d.llmCallEnter(library, client, request);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return null;
    }
  }

  /**
   * For a streaming call: the callback to hand the library instead of the application's, one that
   * ends the call when the response completes or fails, then calls the application's.
   *
   * @param scope what {@link #llmCallEnter} returned
   * @param callback the application's callback (response handler)
   * @return the callback to use; {@code callback} itself if there is nothing to wrap or on failure
   */
  public static Object llmCallCallback(Object scope, Object callback) {
    Dispatcher d = dispatcher;
    if (d == null || scope == null || callback == null) {
      return callback;
    }
    try {
      Object wrapped = d.llmCallCallback(scope, callback);
      return wrapped == null ? callback : wrapped;
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return callback;
    }
  }

  /**
   * Called on exit from the LLM call's method, normal or exceptional: ends the call with what it
   * returned, unless a callback or a returned future ends it later.
   *
   * @param scope what {@link #llmCallEnter} returned
   * @param returned the return value (boxed), or {@code null}
   * @param thrown the method's exception, or {@code null}
   */
  public static void llmCallExit(Object scope, Object returned, Throwable thrown) {
    Dispatcher d = dispatcher;
    if (d == null || scope == null) {
      return;
    }
    try {
      d.llmCallExit(scope, returned, thrown);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Called on exit from a method annotated {@link AgentCache}.
   *
   * @param cache the cache name, or empty
   * @param declaringType the binary name of the method's declaring class
   * @param returned the return value (boxed), or {@code null}
   * @param thrown the method's exception, or {@code null}
   */
  public static void cacheLookupExit(
      String cache, String declaringType, Object returned, Throwable thrown) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return;
    }
    try {
      d.cacheLookupExit(cache, declaringType, returned, thrown);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Called on entry to Logback's {@code OutputStreamAppender#subAppend} with {@code log.reformat}:
   * a console appender's event is written by the agent instead.
   *
   * @param appender the appender
   * @param event the {@code ILoggingEvent}
   * @return {@code true} if the agent wrote the event and the appender must skip its own output
   */
  public static boolean logbackAppend(Object appender, Object event) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return false;
    }
    try {
      return d.logbackAppend(appender, event);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return false;
    }
  }

  /**
   * Called on entry to Log4j 2's {@code AbstractOutputStreamAppender#append} with {@code
   * log.reformat}: a console appender's event is written by the agent instead.
   *
   * @param appender the appender
   * @param event the {@code LogEvent}
   * @return {@code true} if the agent wrote the event and the appender must skip its own output
   */
  public static boolean log4jAppend(Object appender, Object event) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return false;
    }
    try {
      return d.log4jAppend(appender, event);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return false;
    }
  }

  /**
   * Called on entry to {@code java.util.logging.ConsoleHandler#publish} with {@code
   * log.reformat}: the record is written by the agent instead.
   *
   * @param handler the handler
   * @param record the {@code LogRecord}
   * @return {@code true} if the agent wrote the record and the handler must skip its own output
   */
  public static boolean julPublish(Object handler, Object record) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return false;
    }
    try {
      return d.julPublish(handler, record);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return false;
    }
  }

  /**
   * Called where a task is handed to an executor: the task wrapped so that it runs within the
   * context current here (the request, its phase), or the task itself when there is none, when it
   * carries one already, or when the agent is not active. A {@code ForkJoinTask} stays itself (the
   * app may join it): its context is kept aside, as by {@link #capturePending}, unless it is one of
   * {@code CompletableFuture}'s own async tasks, which nobody joins.
   *
   * @param task the application's task
   * @return the task to hand on
   */
  public static Runnable wrapRunnable(Runnable task) {
    Dispatcher d = dispatcher;
    if (d == null || task == null || task instanceof ContextRunnable) {
      return task;
    }
    if (task instanceof ForkJoinTask
        && !(task instanceof CompletableFuture.AsynchronousCompletionTask)) {
      capturePending(task);
      return task;
    }
    try {
      Object context = d.captureContext(task);
      return context == null ? task : new ContextRunnable(task, context);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return task;
    }
  }

  /**
   * The {@link Callable} counterpart of {@link #wrapRunnable}.
   *
   * @param task the application's task
   * @param <V> its result type
   * @return the task to hand on
   */
  public static <V> Callable<V> wrapCallable(Callable<V> task) {
    Dispatcher d = dispatcher;
    if (d == null || task == null || task instanceof ContextCallable) {
      return task;
    }
    if (task instanceof ForkJoinTask) {
      capturePending(task);
      return task;
    }
    try {
      Object context = d.captureContext(task);
      return context == null ? task : new ContextCallable<>(task, context);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return task;
    }
  }

  /**
   * The application's task inside a {@link ContextRunnable}, or {@code task} itself.
   *
   * @param task a task as queued
   * @return the task as the application submitted it
   */
  public static Runnable unwrapRunnable(Runnable task) {
    return task instanceof ContextRunnable ? ((ContextRunnable) task).delegate() : task;
  }

  /**
   * Replaces every wrapped task in a list by the application's own: what {@code shutdownNow}
   * returns.
   *
   * @param tasks the tasks, changed in place when they can be
   */
  public static void unwrapAll(List<Runnable> tasks) {
    try {
      for (ListIterator<Runnable> it = tasks.listIterator(); it.hasNext(); ) {
        Runnable task = it.next();
        if (task instanceof ContextRunnable) {
          it.set(((ContextRunnable) task).delegate());
        }
      }
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * The queued form of {@code task}: the wrapper that runs it when it was queued wrapped, so that
   * removing the application's task from an executor still finds it.
   *
   * @param queue the executor's queue
   * @param task the task the application asks to remove
   * @return the object to remove
   */
  public static Runnable queuedForm(Iterable<?> queue, Runnable task) {
    if (dispatcher == null || task == null || task instanceof ContextRunnable) {
      return task;
    }
    try {
      for (Object queued : queue) {
        if (queued instanceof ContextRunnable && ((ContextRunnable) queued).delegate() == task) {
          return (Runnable) queued;
        }
      }
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
    return task;
  }

  /**
   * Keeps the context current here for {@code key} (a thread being started, a task being forked),
   * until {@link #attachPending} is called with it on the thread that runs it.
   *
   * @param key the thread or task
   */
  public static void capturePending(Object key) {
    Dispatcher d = dispatcher;
    if (d == null || key == null) {
      return;
    }
    try {
      Object context = d.captureContext(key);
      if (context != null) {
        PENDING.putIfAbsent(key, context);
      }
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Makes the context kept for {@code key} current on this thread.
   *
   * @param key the thread or task now running
   * @return a scope for {@link #detachContext}, or {@code null} if nothing was kept
   */
  public static Object attachPending(Object key) {
    if (dispatcher == null || key == null) {
      return null;
    }
    try {
      Object context = PENDING.remove(key);
      return context == null ? null : attachContext(context);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return null;
    }
  }

  /**
   * How many captured contexts wait for their thread or task to run (for tests of leaks).
   *
   * @return the number of entries
   */
  public static int pendingContexts() {
    return PENDING.size();
  }

  /**
   * Makes a captured context current on this thread.
   *
   * @param context what the dispatcher captured, or {@code null}
   * @return a scope for {@link #detachContext}, or {@code null} if nothing changed
   */
  public static Object attachContext(Object context) {
    Dispatcher d = dispatcher;
    if (d == null || context == null) {
      return null;
    }
    try {
      return d.attachContext(context);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return null;
    }
  }

  /**
   * Puts back what was current on this thread before {@link #attachContext}.
   *
   * @param scope what attach returned
   */
  public static void detachContext(Object scope) {
    Dispatcher d = dispatcher;
    if (d == null || scope == null) {
      return;
    }
    try {
      d.detachContext(scope);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Takes the current context off this thread for a moment: a pool starting its worker threads
   * from inside a request must not hand them the request.
   *
   * @return what to give {@link #resumeContext}, or {@code null} if nothing was current
   */
  public static Object pauseContext() {
    Dispatcher d = dispatcher;
    if (d == null) {
      return null;
    }
    try {
      return d.pauseContext();
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
      return null;
    }
  }

  /**
   * Puts back what {@link #pauseContext} took off.
   *
   * @param paused what pause returned
   */
  public static void resumeContext(Object paused) {
    Dispatcher d = dispatcher;
    if (d == null || paused == null) {
      return;
    }
    try {
      d.resumeContext(paused);
    } catch (Throwable t) {
      INTERNAL_ERRORS.incrementAndGet();
    }
  }

  /**
   * Called by the exception handler of suppressed advice: an advice body itself failed.
   *
   * @param error what the advice threw
   */
  public static void adviceError(Throwable error) {
    INTERNAL_ERRORS.incrementAndGet();
    Dispatcher d = dispatcher;
    if (d == null) {
      return;
    }
    try {
      d.adviceError(error);
    } catch (Throwable ignored) {
      // nothing left to report to
    }
  }

  /** The agent side of the bridge. Implementations must be thread-safe and fast. */
  public interface Dispatcher {

    /**
     * See {@link AgentHooks#httpServerEnter}.
     *
     * @param exchange the {@code HttpExchange}
     * @return a scope, or {@code null}
     */
    Object httpServerEnter(Object exchange);

    /**
     * See {@link AgentHooks#httpServerExit}.
     *
     * @param scope the non-null scope from enter
     * @param exchange the {@code HttpExchange}
     * @param thrown the handler's exception, or {@code null}
     */
    void httpServerExit(Object scope, Object exchange, Throwable thrown);

    /**
     * See {@link AgentHooks#servletEnter}.
     *
     * @param request the {@code ServletRequest}
     * @param response the {@code ServletResponse}
     * @return a scope, or {@code null}
     */
    Object servletEnter(Object request, Object response);

    /**
     * See {@link AgentHooks#servletExit}.
     *
     * @param scope the non-null scope from enter
     * @param request the {@code ServletRequest}
     * @param response the {@code ServletResponse}
     * @param thrown the exception, or {@code null}
     */
    void servletExit(Object scope, Object request, Object response, Throwable thrown);

    /**
     * See {@link AgentHooks#javalinEndpoint}.
     *
     * @param endpoint the matched endpoint
     */
    void javalinEndpoint(Object endpoint);

    /**
     * See {@link AgentHooks#httpClientEnter}.
     *
     * @param request the {@code HttpRequest}
     * @return a scope, or {@code null}
     */
    Object httpClientEnter(Object request);

    /**
     * See {@link AgentHooks#httpClientRequest}.
     *
     * @param scope the non-null scope from enter
     * @param request the application's request
     * @return the request to send, or {@code null} for the application's own
     */
    Object httpClientRequest(Object scope, Object request);

    /**
     * See {@link AgentHooks#httpClientExit}.
     *
     * @param scope the non-null scope from enter
     * @param future the response future, or {@code null}
     * @param thrown the exception, or {@code null}
     */
    void httpClientExit(Object scope, Object future, Throwable thrown);

    /**
     * See {@link AgentHooks#urlConnectionEnter}.
     *
     * @param connection the connection
     * @param connected whether it is connected already
     */
    void urlConnectionEnter(Object connection, boolean connected);

    /**
     * See {@link AgentHooks#urlConnectionExit}.
     *
     * @param connection the connection
     * @param responseCode the response code so far, -1 if none
     * @param thrown the exception, or {@code null}
     * @param responseRead {@code true} on exit from {@code getInputStream}
     */
    void urlConnectionExit(
        Object connection, int responseCode, Throwable thrown, boolean responseRead);

    /**
     * See {@link AgentHooks#phaseEnter}.
     *
     * @param phase the phase name
     * @param agent the agent type, or empty
     * @param declaringType the declaring class
     * @param codeFunction the method's fully qualified name
     * @return a scope, or {@code null}
     */
    Object phaseEnter(String phase, String agent, String declaringType, String codeFunction);

    /**
     * See {@link AgentHooks#phaseExit}.
     *
     * @param scope the non-null scope from enter
     * @param returned the return value, or {@code null}
     * @param thrown the exception, or {@code null}
     */
    void phaseExit(Object scope, Object returned, Throwable thrown);

    /**
     * See {@link AgentHooks#cacheLookupExit}.
     *
     * @param cache the cache name, or empty
     * @param declaringType the declaring class
     * @param returned the return value, or {@code null}
     * @param thrown the exception, or {@code null}
     */
    void cacheLookupExit(String cache, String declaringType, Object returned, Throwable thrown);

    /**
     * See {@link AgentHooks#logbackAppend}.
     *
     * @param appender the appender
     * @param event the event
     * @return whether the agent wrote it
     */
    boolean logbackAppend(Object appender, Object event);

    /**
     * See {@link AgentHooks#log4jAppend}.
     *
     * @param appender the appender
     * @param event the event
     * @return whether the agent wrote it
     */
    boolean log4jAppend(Object appender, Object event);

    /**
     * See {@link AgentHooks#julPublish}.
     *
     * @param handler the handler
     * @param record the record
     * @return whether the agent wrote it
     */
    boolean julPublish(Object handler, Object record);

    /**
     * See {@link AgentHooks#wrapRunnable} and {@link AgentHooks#capturePending}.
     *
     * @param task the task, thread or forked task the context is for
     * @return the context to carry, or {@code null} for none
     */
    Object captureContext(Object task);

    /**
     * See {@link AgentHooks#attachContext}.
     *
     * @param context a non-null captured context
     * @return a scope, or {@code null}
     */
    Object attachContext(Object context);

    /**
     * See {@link AgentHooks#detachContext}.
     *
     * @param scope the non-null scope from attach
     */
    void detachContext(Object scope);

    /**
     * See {@link AgentHooks#pauseContext}.
     *
     * @return what was current, or {@code null}
     */
    Object pauseContext();

    /**
     * See {@link AgentHooks#resumeContext}.
     *
     * @param paused the non-null value pause returned
     */
    void resumeContext(Object paused);

    /**
     * See {@link AgentHooks#adviceError}.
     *
     * @param error what the advice threw
     */
    void adviceError(Throwable error);

    /**
     * See {@link AgentHooks#llmCallEnter}.
     *
     * @param library the instrumentation's name
     * @param client the model or client
     * @param request the request, or {@code null}
     * @return a scope, or {@code null}
     */
    Object llmCallEnter(String library, Object client, Object request);

    /**
     * See {@link AgentHooks#llmCallCallback}.
     *
     * @param scope the non-null scope from enter
     * @param callback the application's callback
     * @return the callback to use, or {@code null} for the application's own
     */
    Object llmCallCallback(Object scope, Object callback);

    /**
     * See {@link AgentHooks#llmCallExit}.
     *
     * @param scope the non-null scope from enter
     * @param returned the return value, or {@code null}
     * @param thrown the exception, or {@code null}
     */
    void llmCallExit(Object scope, Object returned, Throwable thrown);
  }

  private AgentHooks() {}
}
