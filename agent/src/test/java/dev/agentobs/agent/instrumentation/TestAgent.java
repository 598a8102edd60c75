/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.config.PhaseMethods;
import dev.agentobs.agent.instrumentation.cache.CacheInstrumentation;
import dev.agentobs.agent.instrumentation.executor.ExecutorInstrumentation;
import dev.agentobs.agent.instrumentation.forkjoin.ForkJoinInstrumentation;
import dev.agentobs.agent.instrumentation.jdkhttp.JdkHttpServerInstrumentation;
import dev.agentobs.agent.instrumentation.methods.MethodsInstrumentation;
import dev.agentobs.agent.instrumentation.phase.PhaseInstrumentation;
import dev.agentobs.agent.instrumentation.thread.ThreadInstrumentation;
import dev.agentobs.agent.observation.CacheLookup;
import dev.agentobs.agent.observation.ObservationListener;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.telemetry.logs.correlation.LogCorrelation;
import dev.agentobs.agent.telemetry.traces.SpanRecorder;
import dev.agentobs.agent.tooling.Installation;
import dev.agentobs.agent.tooling.Installer;
import dev.agentobs.bootstrap.AgentHooks;
import dev.agentobs.testapp.Fixtures;
import dev.agentobs.testapp.PlainFixtures;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The agent installed once into the test JVM with Byte Buddy's attach (a JVM takes one dispatcher):
 * every instrumentation the instrumentation tests use, observed through a recording listener, the
 * real span recorder with an in-memory exporter, and the app-MDC correlation as thread listener.
 */
final class TestAgent {

  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  static final List<Object> EVENTS = new CopyOnWriteArrayList<>();
  static final SelfStats STATS = new SelfStats();
  private static int retransformedAtInstall = -1;

  /** Installs the agent on first use; how many loaded classes the install re-instrumented. */
  static synchronized int install() {
    if (retransformedAtInstall >= 0) {
      return retransformedAtInstall;
    }
    ObservationListener recorder =
        new ObservationListener() {
          @Override
          public void onTaskEnd(TaskObservation task) {
            EVENTS.add(task);
          }

          @Override
          public void onPhaseEnd(PhaseObservation phase) {
            EVENTS.add(phase);
          }

          @Override
          public void onCacheLookup(CacheLookup lookup) {
            EVENTS.add(lookup);
          }
        };
    Observer observer =
        new Observer(STATS, List.of(LogCorrelation.create(AgentConfig.createForTest(Map.of()))));
    observer.activate(
        List.of(
            new SpanRecorder(
                Sampler.parentBased(Sampler.alwaysOn()),
                Resource.getDefault(),
                SimpleSpanProcessor.create(SPANS),
                STATS),
            recorder));
    assertThat(AgentHooks.install(new HookDispatcher(observer, "X-Request-ID"))).isTrue();
    // loaded (and run) before the agent, as the classes of an app the agent attaches to
    assertThat(new PlainFixtures.LoadedEarly().work()).isEqualTo("early");
    String plain = PlainFixtures.class.getName();
    PhaseMethods included =
        PhaseMethods.parse(
            plain + "$PlainPipeline#plan=planning:planner;"
                + plain + "$PlainPipeline#outer=outer:orchestrator;"
                + plain + "$PlainPipeline#execute*=execution;"
                + plain + "$PlainPipeline#fail=failing;"
                + plain + "$LoadedEarly#work=early;"
                // annotated already: the annotation wins, the method is observed once
                + Fixtures.Pipeline.class.getName() + "#primitive=doubled");
    Installation installation =
        Installer.install(
            ByteBuddyAgent.install(),
            List.of(
                new PhaseInstrumentation(),
                new CacheInstrumentation(),
                new JdkHttpServerInstrumentation(),
                new MethodsInstrumentation(included, true),
                new ExecutorInstrumentation(),
                new ForkJoinInstrumentation(),
                new ThreadInstrumentation()),
            Map.of(),
            STATS,
            true);
    retransformedAtInstall = installation.retransformLoaded();
    installation.jdkClassesWoven().join();
    return retransformedAtInstall;
  }

  private TestAgent() {}
}
