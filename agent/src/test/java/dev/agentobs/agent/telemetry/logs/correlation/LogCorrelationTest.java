/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.logs.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.Observer.PhaseScope;
import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TaskObservation;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The real SLF4J MDC (Logback's adapter) and Log4j 2 ThreadContext on this test's class path. */
class LogCorrelationTest {

  private static final String TRACE = "00000000000000070000000000000008";

  private final SelfStats stats = new SelfStats();

  @AfterEach
  void clean() {
    MDC.clear();
    ThreadContext.clearMap();
  }

  @Test
  void requestTraceAndSpanIdsAreInBothMapsForTheRequestAndEachPhase() {
    Observer observer = observer(AgentConfig.createForTest(Map.of()));
    TaskObservation task = observer.startTask(httpTask("req-1"));
    assertThat(MDC.get("request_id")).isEqualTo("req-1");
    assertThat(MDC.get("trace_id")).isEqualTo(TRACE);
    assertThat(MDC.get("span_id")).isEqualTo(task.spanId());
    assertThat(ThreadContext.get("request_id")).isEqualTo("req-1");
    assertThat(ThreadContext.get("span_id")).isEqualTo(task.spanId());

    PhaseScope outer = observer.startPhase("planning", "", "a.P", "a.P.plan");
    PhaseScope inner = observer.startPhase("step", "", "a.P", "a.P.step");
    assertThat(MDC.get("span_id")).isEqualTo(inner.phase().spanId()).isNotEqualTo(task.spanId());
    assertThat(ThreadContext.get("span_id")).isEqualTo(inner.phase().spanId());
    observer.endPhase(inner, null, null);
    assertThat(MDC.get("span_id")).isEqualTo(outer.phase().spanId());
    observer.endPhase(outer, null, null);
    assertThat(MDC.get("span_id")).isEqualTo(task.spanId());
    assertThat(MDC.get("trace_id")).isEqualTo(TRACE);

    observer.endTask(task, 200, null);
    assertThat(MDC.getCopyOfContextMap()).isEmpty();
    assertThat(ThreadContext.getContext()).isEmpty();
  }

  @Test
  void valuesTheAppHadUnderTheKeysAreRestoredAndItsOtherEntriesUntouched() {
    MDC.put("request_id", "batch-42");
    MDC.put("user", "u1");
    ThreadContext.put("span_id", "app-span");
    Observer observer = observer(AgentConfig.createForTest(Map.of()));
    PhaseScope root = observer.startPhase("job", "", "a.J", "a.J.run");
    assertThat(MDC.get("request_id")).isNotEqualTo("batch-42");
    assertThat(MDC.get("user")).isEqualTo("u1");
    observer.endPhase(root, null, null);

    assertThat(MDC.getCopyOfContextMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("request_id", "batch-42", "user", "u1"));
    assertThat(ThreadContext.getContext()).containsExactlyInAnyOrderEntriesOf(
        Map.of("span_id", "app-span"));
  }

  @Test
  void keyNamesAreConfigurable() {
    Observer observer =
        observer(
            AgentConfig.createForTest(
                Map.of(
                    "log.correlation.request.id.key", "rid",
                    "log.correlation.trace.id.key", "traceId",
                    "log.correlation.span.id.key", "spanId")));
    TaskObservation task = observer.startTask(httpTask("req-2"));
    assertThat(MDC.getCopyOfContextMap())
        .containsOnlyKeys("rid", "traceId", "spanId")
        .containsEntry("rid", "req-2")
        .containsEntry("traceId", TRACE);
    observer.endTask(task, 200, null);
    assertThat(MDC.getCopyOfContextMap()).isEmpty();
  }

  @Test
  void untracedWorkCarriesTheRequestIdOnly() {
    Observer observer = new Observer(stats, List.of(LogCorrelation.create(config())));
    observer.activate(List.of());
    TaskObservation task = observer.startTask(httpTask("req-3"));
    assertThat(MDC.getCopyOfContextMap()).containsOnlyKeys("request_id");
    observer.endTask(task, 200, null);
    assertThat(MDC.getCopyOfContextMap()).isEmpty();
  }

  @Test
  void aLoaderWithoutLoggingFrameworksIsLeftAloneAndCostsNoErrors() throws Exception {
    Observer observer = observer(config());
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader bare = new URLClassLoader(new URL[0], null)) {
      thread.setContextClassLoader(bare);
      TaskObservation task = observer.startTask(httpTask("req-4"));
      PhaseScope phase = observer.startPhase("p", "", "a.P", "a.P.p");
      observer.endPhase(phase, null, null);
      observer.endTask(task, 200, null);
    } finally {
      thread.setContextClassLoader(original);
    }
    assertThat(MDC.get("request_id")).isNull();
    assertThat(stats.internalErrors()).isZero();
  }

  @Test
  void switchedOffThereIsNoListener() {
    assertThat(LogCorrelation.create(AgentConfig.createForTest(Map.of("log.correlation.enabled",
        "false")))).isNull();
  }

  private static AgentConfig config() {
    return AgentConfig.createForTest(Map.of());
  }

  /** An observer whose "tracing" gives every observation ids, as the span recorder does. */
  private Observer observer(AgentConfig config) {
    Observer observer = new Observer(stats, List.of(LogCorrelation.create(config)));
    AtomicLong spans = new AtomicLong(100);
    observer.activate(
        List.of(
            new ObservationListener() {
              @Override
              public void onTaskStart(TaskObservation task) {
                task.setTraceIds(7, 8, spans.incrementAndGet());
              }

              @Override
              public void onPhaseStart(PhaseObservation phase) {
                phase.setTraceIds(7, 8, spans.incrementAndGet());
              }
            }));
    return observer;
  }

  private static TaskObservation httpTask(String requestId) {
    return TaskObservation.httpServer(requestId, "GET", "/x", "/x", null, null, null);
  }
}
