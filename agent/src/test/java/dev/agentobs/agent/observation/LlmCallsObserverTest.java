/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The library-neutral LLM-call flow of the {@link Observer}: nesting, roll-ups, counting once. */
class LlmCallsObserverTest {

  private final List<LlmCallObservation> ended = new ArrayList<>();
  private final List<PhaseObservation> phases = new ArrayList<>();
  private final Observer observer =
      new Observer(
          List.of(
              new ObservationListener() {
                @Override
                public void onLlmCallEnd(LlmCallObservation call) {
                  synchronized (ended) {
                    ended.add(call);
                  }
                }

                @Override
                public void onPhaseEnd(PhaseObservation phase) {
                  phases.add(phase);
                }
              }),
          new SelfStats());

  @Test
  void aCallIsCurrentWhileItsMethodRunsAndItsPhaseAndTaskSumIt() {
    TaskObservation task = observer.startTask(http());
    Observer.PhaseScope phase = observer.startPhase("planning", "planner", "P", "P.plan");

    LlmCallObservation call = startCall("gpt-4o");
    assertThat(observer.current()).isSameAs(call);
    call.setResponse("gpt-4o-2024-08-06", "chatcmpl-1", new String[] {"stop"});
    call.setUsage(1200, 300, 1024, -1);
    observer.endLlmCall(call, null);
    observer.leaveLlmCall(call);
    assertThat(observer.current()).isSameAs(phase.phase());

    observer.endPhase(phase, null, null);
    observer.endTask(task, 200, null);

    assertThat(ended).containsExactly(call);
    assertThat(call.parent()).isSameAs(phase.phase());
    assertThat(call.cost().usd()).isEqualTo(0.00472);
    LlmTotals phaseTotals = phase.phase().llmTotals();
    assertThat(phaseTotals.calls()).isEqualTo(1);
    assertThat(phaseTotals.inputTokens()).isEqualTo(1200);
    assertThat(phaseTotals.outputTokens()).isEqualTo(300);
    assertThat(phaseTotals.cacheReadTokens()).isEqualTo(1024);
    assertThat(phaseTotals.costPicoUsd()).isEqualTo(4_720_000_000L);
    assertThat(task.llmTotals().calls()).isEqualTo(1);
    assertThat(task.llmTotals().costPicoUsd()).isEqualTo(4_720_000_000L);
    assertThat(task.tokensUsed()).isEqualTo(1500);
  }

  @Test
  void aPhasesReturnedTokensAreNotCountedAgainWhenItsLlmCallsWereObserved() {
    TaskObservation task = observer.startTask(http());
    Observer.PhaseScope outer = observer.startPhase("execution", "research", "R", "R.run");
    Observer.PhaseScope inner = observer.startPhase("lookup", "", "L", "L.find");
    LlmCallObservation call = startCall("gpt-4o-mini");
    call.setUsage(100, 50, -1, -1);
    observer.endLlmCall(call, null);
    observer.leaveLlmCall(call);
    observer.endPhase(inner, null, new TokenUsage("gpt-4o-mini", 100, 50, 150));
    observer.endPhase(outer, null, new TokenUsage("gpt-4o-mini", 100, 50, 150));
    Observer.PhaseScope plain = observer.startPhase("synthesis", "", "S", "S.run");
    observer.endPhase(plain, null, new TokenUsage("own-client", 7, 3, 10));
    observer.endTask(task, 200, null);

    assertThat(inner.phase().tokens()).isNull();
    assertThat(outer.phase().tokens()).isNull();
    assertThat(outer.phase().llmTotals()).isNull(); // the call's own phase is the inner one
    assertThat(inner.phase().llmTotals().totalTokens()).isEqualTo(150);
    // a phase whose calls the agent did not see still reports what it returned
    assertThat(plain.phase().tokens().total()).isEqualTo(10);
    assertThat(task.tokensUsed()).isEqualTo(160);
  }

  @Test
  void aNestedCallIsNotReportedButFillsWhatTheOuterCouldNotRead() {
    observer.startTask(http());
    LlmCallObservation outer = startCall("gpt-4o");
    LlmCallObservation inner = observer.newLlmCall();
    inner.setRequest("chat", "openai", "gpt-4o");
    observer.startLlmCall(inner);
    assertThat(inner.nested()).isTrue();
    assertThat(observer.current()).isSameAs(outer);
    inner.setResponse("gpt-4o-2024-08-06", "chatcmpl-9", new String[] {"stop"});
    inner.setUsage(2000, 100, 1000, -1);
    observer.endLlmCall(inner, null);
    observer.leaveLlmCall(inner);
    // the outer (a framework's) response had a model and output count but no cache details
    outer.setResponse("gpt-4o-framework-name", "", null);
    outer.setUsage(-1, 120, -1, -1);
    observer.endLlmCall(outer, null);
    observer.leaveLlmCall(outer);

    assertThat(ended).containsExactly(outer);
    assertThat(observer.current()).isInstanceOf(TaskObservation.class);
    assertThat(outer.responseModel()).isEqualTo("gpt-4o-framework-name");
    assertThat(outer.responseId()).isEqualTo("chatcmpl-9");
    assertThat(outer.finishReasons()).containsExactly("stop");
    assertThat(outer.inputTokens()).isEqualTo(2000);
    assertThat(outer.outputTokens()).isEqualTo(120);
    assertThat(outer.cacheReadTokens()).isEqualTo(1000);
    assertThat(outer.task().llmTotals().calls()).isEqualTo(1);
  }

  @Test
  void aCallEndsOnceWhoeverEndsItFirst() throws InterruptedException {
    TaskObservation task = observer.startTask(http());
    LlmCallObservation call = startCall("gpt-4o");
    // a streamed response completes on the client's thread while the caller returns
    CountDownLatch done = new CountDownLatch(1);
    Thread client =
        new Thread(
            () -> {
              call.setUsage(10, 5, -1, -1);
              observer.endLlmCall(call, null);
              done.countDown();
            });
    client.start();
    done.await();
    observer.endLlmCall(call, new IllegalStateException("late"));
    observer.leaveLlmCall(call);

    assertThat(ended).containsExactly(call);
    assertThat(call.failed()).isFalse();
    assertThat(task.llmTotals().calls()).isEqualTo(1);
    assertThat(observer.current()).isSameAs(task);
  }

  @Test
  void aFailedCallCarriesItsErrorTypeAndCountsAsACallWithoutCost() {
    TaskObservation task = observer.startTask(http());
    LlmCallObservation call = startCall("gpt-4o");
    call.setErrorType("429");
    observer.endLlmCall(call, new RuntimeException("rate limited"));
    observer.leaveLlmCall(call);

    assertThat(call.errorType()).isEqualTo("429");
    assertThat(call.cost().priced()).isFalse();
    assertThat(task.llmTotals().calls()).isEqualTo(1);
    assertThat(task.llmTotals().unpricedCalls()).isZero();
  }

  @Test
  void aCallOutsideAnyTaskIsARootWithNoTotals() {
    LlmCallObservation call = startCall("mystery-model");
    call.setUsage(10, 10, -1, -1);
    observer.endLlmCall(call, null);
    observer.leaveLlmCall(call);

    assertThat(call.task()).isNull();
    assertThat(call.requestId()).isEmpty();
    assertThat(call.cost().priced()).isFalse();
    assertThat(observer.current()).isNull();
  }

  private LlmCallObservation startCall(String model) {
    LlmCallObservation call = observer.newLlmCall();
    call.setRequest("chat", "openai", model);
    observer.startLlmCall(call);
    return call;
  }

  private static TaskObservation http() {
    return TaskObservation.httpServer("req-1", "POST", "/t", "/t", null, null, null);
  }
}
