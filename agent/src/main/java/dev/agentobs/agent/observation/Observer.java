/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import dev.agentobs.agent.internal.AgentLog;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;

/**
 * Starts and ends observations, keeps the one in progress per thread, and fans every event out to
 * the signals. Instrumentations talk to this class only; signals only implement {@link
 * ObservationListener}.
 *
 * <p>The signals (OpenTelemetry SDK, Prometheus registry, log writer) take hundreds of
 * milliseconds to set up, which the agent does on a background thread so the application starts
 * at full speed. Until they are {@link #activate activated}, events are kept in a bounded
 * start-up buffer and replayed to them in order: observations carry their own timestamps, so a
 * replayed span, log line or histogram sample is exactly what it would have been.
 */
public final class Observer {

  /**
   * Events kept while the signals start (about a second), some 5,000 requests of a five-phase
   * service; beyond this they are dropped and counted. A bound on what waits at once: while the
   * signals replay a round, the app's events fill a new buffer of the same bound.
   */
  static final int STARTUP_BUFFER_LIMIT = 65_536;

  /** Buffered events few enough to replay while the app's threads wait to append. */
  static final int REPLAY_UNDER_LOCK = 1024;

  /** Rounds of replay outside the lock at most; the rest is replayed under it. */
  static final int REPLAY_ROUNDS = 8;

  private static final ObservationListener[] NONE = new ObservationListener[0];

  private final SelfStats stats;
  private final ObservationListener[] threadListeners;
  private final ThreadLocal<Observation> current = new ThreadLocal<>();
  private final Object startupLock = new Object();
  /** Server tasks started and not yet ended, so that exit can wait for the last responses' ends. */
  private final LongAdder tasksInFlight = new LongAdder();
  private volatile ObservationListener[] listeners;
  private List<Object[]> startupBuffer = new ArrayList<>();
  private boolean activating;
  private volatile LlmPrices llmPrices = LlmPrices.defaults();
  private volatile int llmContentMaxChars;

  /** An observer whose signals are ready now. */
  public Observer(List<ObservationListener> listeners, SelfStats stats) {
    this(stats);
    activate(listeners);
  }

  /** An observer that buffers events until {@link #activate} hands it the signals. */
  public Observer(SelfStats stats) {
    this(stats, List.of());
  }

  /**
   * An observer that buffers events for the signals until {@link #activate}, and delivers them at
   * once, on the thread they happen on, to {@code threadListeners}: listeners whose work belongs to
   * that thread (the app's logging MDC), which a replay on another thread would corrupt. They run
   * after the signals, so they see the trace ids tracing assigned.
   */
  public Observer(SelfStats stats, List<ObservationListener> threadListeners) {
    this.stats = stats;
    this.threadListeners = threadListeners.isEmpty()
        ? NONE
        : threadListeners.toArray(new ObservationListener[0]);
  }

  /**
   * Replays what happened while the signals started, then delivers events to them directly. The
   * buffer is replayed in rounds outside the lock, each taking what the app buffered during the
   * one before, so that the app's threads only ever wait to append: replaying a second of a busy
   * service's events through signals whose code the JIT has not compiled yet takes long, and under
   * the lock every request thread stopped at its next event until it was done. The last few events
   * (or whatever is left after {@link #REPLAY_ROUNDS}, should the app make events faster than they
   * replay) are replayed under the lock, so that no event overtakes one buffered before it.
   */
  public void activate(List<ObservationListener> signals) {
    ObservationListener[] ready = signals.toArray(new ObservationListener[0]);
    synchronized (startupLock) {
      if (activating) {
        return;
      }
      activating = true;
    }
    for (int round = 1; ; round++) {
      List<Object[]> events;
      synchronized (startupLock) {
        events = startupBuffer;
        if (events.size() <= REPLAY_UNDER_LOCK || round == REPLAY_ROUNDS) {
          replay(ready, events);
          startupBuffer = null;
          listeners = ready;
          return;
        }
        startupBuffer = new ArrayList<>();
      }
      replay(ready, events);
    }
  }

  private void replay(ObservationListener[] ready, List<Object[]> events) {
    for (Object[] event : events) {
      deliver(ready, (Event) event[0], event[1]);
    }
  }

  /** The price table LLM calls are costed with (the defaults until set). */
  public void setLlmPrices(LlmPrices prices) {
    this.llmPrices = prices;
  }

  /**
   * Captures LLM calls' input and output messages, their text capped at {@code maxChars}
   * characters each ({@code llm.capture.content}); 0 (the default) captures nothing.
   */
  public void setLlmContentCapture(int maxChars) {
    this.llmContentMaxChars = Math.max(0, maxChars);
  }

  /** The cap of captured LLM message text; 0 when content capture is off. */
  public int llmContentMaxChars() {
    return llmContentMaxChars;
  }

  public SelfStats stats() {
    return stats;
  }

  /** The observation in progress on this thread, or {@code null}. */
  public Observation current() {
    return current.get();
  }

  /**
   * The context to hand to work submitted from this thread now (to a pool, a new thread): the task
   * or phase in progress, or {@code null}. Nothing is copied: the work refers to the observation.
   */
  public Observation capture() {
    return live(current.get());
  }

  /**
   * Makes a captured context current on this thread, for the work submitted within it, and tells
   * the thread listeners (the app's MDC). Nothing changes when its task has ended (work that
   * outlived its request is not joined to it) or when the work runs on the thread that submitted it.
   *
   * @return the scope to hand to {@link #detach}, or {@code null} when nothing changed
   */
  public Object attach(Observation context) {
    Observation before = current.get();
    if (context == before || context.task().ended()) {
      return null;
    }
    current.set(context);
    Object[] attached = null;
    if (threadListeners.length != 0) {
      attached = new Object[threadListeners.length];
      for (int i = 0; i < threadListeners.length; i++) {
        try {
          attached[i] = threadListeners[i].onAttach(context);
        } catch (Throwable t) {
          failed(threadListeners[i], t);
        }
      }
    }
    return new Attachment(context, before, attached);
  }

  /**
   * Ends what {@link #attach} began: the thread gets back what it had before (on a pool's thread,
   * nothing), so it carries nothing of the request into its next task.
   */
  public void detach(Object scope) {
    Attachment attachment = (Attachment) scope;
    try {
      Object[] attached = attachment.listenerState;
      if (attached != null) {
        for (int i = 0; i < threadListeners.length; i++) {
          try {
            threadListeners[i].onDetach(attachment.context, attached[i]);
          } catch (Throwable t) {
            failed(threadListeners[i], t);
          }
        }
      }
    } finally {
      if (attachment.before == null) {
        current.remove();
      } else {
        current.set(attachment.before);
      }
    }
  }

  /** Takes the current observation off this thread until {@link #resume}; {@code null} if none. */
  public Observation pause() {
    Observation paused = current.get();
    if (paused != null) {
      current.remove();
    }
    return paused;
  }

  public void resume(Observation paused) {
    current.set(paused);
  }

  /** {@code observation} unless its task has ended (a stale context some thread still holds). */
  private static Observation live(Observation observation) {
    return observation == null || !observation.task().ended() ? observation : null;
  }

  public TaskObservation startTask(TaskObservation task) {
    tasksInFlight.increment();
    makeCurrent(task);
    dispatch(Event.TASK_START, task);
    return task;
  }

  /** Ends an HTTP task with the status it answered; {@code thrown} is what the handler threw. */
  public void endTask(TaskObservation task, int statusCode, Throwable thrown) {
    task.end(statusCode, thrown);
    try {
      dispatch(Event.TASK_END, task);
    } finally {
      restore(task);
      tasksInFlight.decrement();
    }
  }

  /**
   * Takes a task that goes on asynchronously (a servlet request in {@code startAsync}) off this
   * thread without ending it: the thread is free for other requests, and the task ends later, on
   * whichever thread completes it, through {@link #endSuspendedTask}.
   */
  public void suspendTask(TaskObservation task) {
    restore(task);
  }

  /** Ends a task {@link #suspendTask suspended} earlier; touches no thread's current observation. */
  public void endSuspendedTask(TaskObservation task, int statusCode, Throwable thrown) {
    task.end(statusCode, thrown);
    try {
      dispatch(Event.TASK_END, task);
    } finally {
      tasksInFlight.decrement();
    }
  }

  /**
   * Waits, at most {@code millis}, until every server task started has ended. At JVM exit a
   * request may have sent its response and not yet returned from its handler: the client has its
   * answer, and the request's span and {@code task_complete} line are microseconds away. Without
   * this wait the JVM halts before they are made.
   *
   * @return whether none was left in flight
   */
  public boolean awaitTasksEnded(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (tasksInFlight.sum() > 0) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(2_000_000L);
    }
    return true;
  }

  /**
   * Starts an outgoing HTTP call within the observation current on this thread (or none). The call
   * is not made current: see {@link ClientCallObservation}.
   */
  public ClientCallObservation startClientCall(String method, URI uri) {
    ClientCallObservation call = new ClientCallObservation(live(current.get()), method, uri);
    dispatch(Event.CLIENT_CALL_START, call);
    return call;
  }

  /**
   * Ends an outgoing call, on any thread: {@code statusCode} is the response's (0 if none came),
   * {@code thrown} why it failed.
   */
  public void endClientCall(ClientCallObservation call, int statusCode, Throwable thrown) {
    call.end(statusCode, thrown);
    dispatch(Event.CLIENT_CALL_END, call);
  }

  /**
   * A new LLM call within the observation in progress on this thread (or none), for the
   * instrumentation's helper to fill from the request before {@link #startLlmCall}. Made inside
   * another LLM call on this thread, it is {@link LlmCallObservation#nested() nested}: it belongs
   * to the outermost call and will only fill the gaps in what that one reads.
   */
  public LlmCallObservation newLlmCall() {
    Observation within = current.get();
    if (within instanceof LlmCallObservation) {
      LlmCallObservation outer = (LlmCallObservation) within;
      return new LlmCallObservation(outer, outer);
    }
    return new LlmCallObservation(within, null);
  }

  /**
   * Starts an LLM call and makes it current on this thread until {@link #leaveLlmCall}: an HTTP
   * call the client makes is its child, an LLM call made inside it is nested. A nested call starts
   * nothing.
   */
  public void startLlmCall(LlmCallObservation call) {
    if (call.nested()) {
      return;
    }
    for (Observation o = call.parent(); o != null; o = o.parent()) {
      if (o instanceof PhaseObservation) {
        ((PhaseObservation) o).markLlmCalled();
      }
    }
    makeCurrent(call);
    call.setCurrent(true);
    dispatch(Event.LLM_CALL_START, call);
  }

  /**
   * The call's method returned, on the thread that started it: the call is no longer current
   * there, whether it has ended or goes on (a streamed response).
   */
  public void leaveLlmCall(LlmCallObservation call) {
    if (call.isCurrent()) {
      call.setCurrent(false);
      restore(call);
    }
  }

  /**
   * Ends an LLM call once its helper filled the result, on any thread; later calls for the same
   * call are ignored. A nested call hands what it read to its outer call; any other is costed,
   * added to the totals of its phase (the nearest enclosing one) and its task, and reported.
   */
  public void endLlmCall(LlmCallObservation call, Throwable thrown) {
    if (!call.markEnded()) {
      return;
    }
    if (call.nested()) {
      call.end(thrown, LlmCost.NONE);
      call.outer().absorb(call);
      return;
    }
    call.end(thrown, llmPrices.cost(call));
    Observation home = call.parent();
    while (home != null && !(home instanceof PhaseObservation) && home != home.task()) {
      home = home.parent();
    }
    TaskObservation task = call.task();
    if (home != null) {
      home.addLlmCall(call);
    }
    if (task != null) {
      if (task != home) {
        task.addLlmCall(call);
      }
      task.addTokens(Math.max(call.inputTokens(), 0) + Math.max(call.outputTokens(), 0));
    }
    dispatch(Event.LLM_CALL_END, call);
  }

  /**
   * Starts a phase under the observation in progress; with none, starts a root task first (see
   * {@link PhaseScope#ownsTask()}).
   */
  public PhaseScope startPhase(
      String phase, String agent, String declaringType, String codeFunction) {
    Observation parent = live(current.get());
    TaskObservation root = null;
    if (parent == null) {
      root = startTask(TaskObservation.rootPhase(RequestIds.generate(), phase));
      parent = root;
    }
    PhaseObservation observation =
        new PhaseObservation(
            parent.task(),
            parent,
            phase,
            PhaseObservation.resolveAgentType(agent, parent),
            declaringType,
            codeFunction);
    makeCurrent(observation);
    dispatch(Event.PHASE_START, observation);
    return new PhaseScope(observation, root);
  }

  public void endPhase(PhaseScope scope, Throwable thrown, TokenUsage tokens) {
    PhaseObservation phase = scope.phase();
    finish(phase, thrown, tokens);
    try {
      dispatch(Event.PHASE_END, phase);
    } finally {
      restore(phase);
    }
    if (scope.ownsTask()) {
      endTask(scope.rootTask(), 0, thrown);
    }
  }

  /**
   * Takes a phase whose method returned a future off this thread without ending it: the thread
   * (and the app's MDC on it) is back to the phase's parent, as after {@link #endPhase}, while the
   * phase's span, duration and log line wait for {@link #endSuspendedPhase}. Work the method
   * handed to other threads captured the phase, so it still nests under it.
   */
  public void suspendPhase(PhaseScope scope) {
    PhaseObservation phase = scope.phase();
    try {
      if (threadListeners.length != 0) {
        deliver(threadListeners, Event.PHASE_END, phase);
      }
    } finally {
      restore(phase);
    }
    if (scope.ownsTask()) {
      TaskObservation root = scope.rootTask();
      try {
        if (threadListeners.length != 0) {
          deliver(threadListeners, Event.TASK_END, root);
        }
      } finally {
        restore(root);
      }
    }
  }

  /**
   * Ends a phase {@link #suspendPhase suspended} earlier, on whichever thread completed its future;
   * touches no thread's current observation.
   */
  public void endSuspendedPhase(PhaseScope scope, Throwable thrown, TokenUsage tokens) {
    PhaseObservation phase = scope.phase();
    finish(phase, thrown, tokens);
    dispatchToSignals(Event.PHASE_END, phase);
    if (scope.ownsTask()) {
      TaskObservation root = scope.rootTask();
      root.end(0, thrown);
      dispatchToSignals(Event.TASK_END, root);
    }
  }

  private static void finish(PhaseObservation phase, Throwable thrown, TokenUsage tokens) {
    if (tokens != null && phase.llmCalled()) {
      // the LLM calls within the phase reported these tokens already, each with its own model
      tokens = null;
    }
    phase.end(thrown, tokens);
    if (tokens != null) {
      phase.task().addTokens(tokens.total());
    }
    if (thrown != null) {
      phase.task().phaseFailed(thrown);
    }
  }

  public void cacheLookup(String cache, boolean hit) {
    dispatch(Event.CACHE_LOOKUP, new CacheLookup(cache, hit, live(current.get())));
  }

  /** A record the app logged, for the log signal (see {@code log.reformat}). */
  public void appLog(AppLogRecord record) {
    dispatch(Event.APP_LOG, record);
  }

  private void dispatch(Event event, Object subject) {
    dispatchToSignals(event, subject);
    if (threadListeners.length != 0) {
      deliver(threadListeners, event, subject);
    }
  }

  private void dispatchToSignals(Event event, Object subject) {
    ObservationListener[] ready = listeners;
    if (ready == null) {
      synchronized (startupLock) {
        ready = listeners;
        if (ready == null) {
          if (startupBuffer.size() < STARTUP_BUFFER_LIMIT) {
            startupBuffer.add(new Object[] {event, subject});
          } else {
            stats.startupEventDropped();
            AgentLog.warnOnce(
                "startup-drop",
                "signals are still starting and " + STARTUP_BUFFER_LIMIT + " events are"
                    + " waiting; further ones are dropped and counted in"
                    + " agent_obs_startup_events_dropped_total");
          }
          return;
        }
      }
    }
    deliver(ready, event, subject);
  }

  private void deliver(ObservationListener[] ready, Event event, Object subject) {
    for (ObservationListener l : ready) {
      try {
        switch (event) {
          case TASK_START:
            l.onTaskStart((TaskObservation) subject);
            break;
          case TASK_END:
            l.onTaskEnd((TaskObservation) subject);
            break;
          case PHASE_START:
            l.onPhaseStart((PhaseObservation) subject);
            break;
          case PHASE_END:
            l.onPhaseEnd((PhaseObservation) subject);
            break;
          case APP_LOG:
            l.onAppLog((AppLogRecord) subject);
            break;
          case CLIENT_CALL_START:
            l.onClientCallStart((ClientCallObservation) subject);
            break;
          case CLIENT_CALL_END:
            l.onClientCallEnd((ClientCallObservation) subject);
            break;
          case LLM_CALL_START:
            l.onLlmCallStart((LlmCallObservation) subject);
            break;
          case LLM_CALL_END:
            l.onLlmCallEnd((LlmCallObservation) subject);
            break;
          default:
            l.onCacheLookup((CacheLookup) subject);
        }
      } catch (Throwable t) {
        failed(l, t);
      }
    }
  }

  private void makeCurrent(Observation observation) {
    observation.previous = current.get();
    current.set(observation);
  }

  /**
   * Puts back what was current before {@code observation} started. Setting {@code null} removes the
   * entry, so a pooled thread keeps nothing of a finished request.
   */
  private void restore(Observation observation) {
    Observation previous = observation.previous;
    observation.previous = null;
    if (previous == null) {
      current.remove();
    } else {
      current.set(previous);
    }
  }

  private void failed(ObservationListener listener, Throwable t) {
    stats.internalError();
    AgentLog.debugOnce(
        "listener-" + listener.getClass().getName(),
        "signal " + listener.getClass().getSimpleName() + " failed: " + t);
  }

  /** The kinds of event delivered to signals. */
  private enum Event {
    TASK_START,
    TASK_END,
    PHASE_START,
    PHASE_END,
    CLIENT_CALL_START,
    CLIENT_CALL_END,
    LLM_CALL_START,
    LLM_CALL_END,
    CACHE_LOOKUP,
    APP_LOG
  }

  /** What {@link #attach} changed on a thread, for {@link #detach} to put back. */
  private static final class Attachment {
    final Observation context;
    final Observation before;
    final Object[] listenerState;

    Attachment(Observation context, Observation before, Object[] listenerState) {
      this.context = context;
      this.before = before;
      this.listenerState = listenerState;
    }
  }

  /** What {@link #startPhase} hands back to the instrumentation, to give to {@link #endPhase}. */
  public static final class PhaseScope {
    private final PhaseObservation phase;
    private final TaskObservation rootTask;

    PhaseScope(PhaseObservation phase, TaskObservation rootTask) {
      this.phase = phase;
      this.rootTask = rootTask;
    }

    public PhaseObservation phase() {
      return phase;
    }

    /** Whether this phase started its own root task (no request was in progress). */
    public boolean ownsTask() {
      return rootTask != null;
    }

    TaskObservation rootTask() {
      return rootTask;
    }
  }
}
