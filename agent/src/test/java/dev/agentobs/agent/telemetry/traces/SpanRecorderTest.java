/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentobs.agent.instrumentation.llm.LlmCalls;
import dev.agentobs.agent.instrumentation.llm.LlmLibrary;
import dev.agentobs.agent.instrumentation.llm.LlmMessages;
import dev.agentobs.agent.observation.ClientCallObservation;
import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.Observer.PhaseScope;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.observation.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanRecorderTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT = "b7ad6b7169203331";

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final SelfStats stats = new SelfStats();

  private Observer observer(Sampler sampler) {
    SpanRecorder recorder =
        new SpanRecorder(
            sampler,
            Resource.getDefault().merge(Resource.builder().put("service.name", "svc").build()),
            SimpleSpanProcessor.create(exported),
            stats);
    return new Observer(List.of(recorder), stats);
  }

  private static TaskObservation request(String traceparent) {
    return TaskObservation.httpServer(
        "req-1", "POST", "/api/v1/task/42", "/api/v1/task/{id}", traceparent, null, new Object());
  }

  /** The server span is named after the route a framework settles while the request runs. */
  @Test
  void aRouteTheFrameworkSettlesNamesTheServerSpan() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    TaskObservation task =
        observer.startTask(TaskObservation.httpServer(
            "req-1", "GET", "/users/42", "/users/{id}", null, null, new Object()));
    assertThat(task.name()).isEqualTo("GET /users/{id}");
    task.useFrameworkRoute("/users/{userId}");
    task.useFrameworkRoute("/{anything}"); // an inner dispatch: the first template wins
    observer.endTask(task, 200, null);

    SpanData server = exported.getFinishedSpanItems().get(0);
    assertThat(server.getName()).isEqualTo("GET /users/{userId}").isEqualTo(task.name());
    assertThat(server.getAttributes().get(AttributeKey.stringKey("http.route")))
        .isEqualTo("/users/{userId}");
  }

  @Test
  void requestAndPhasesBecomeOneTraceWithTheObservationsIdsAndTiming() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    TaskObservation task = observer.startTask(request("00-" + TRACE + "-" + PARENT + "-01"));
    PhaseScope planning = observer.startPhase("planning", "planner", "a.Planner", "a.Planner.plan");
    observer.cacheLookup("results", true);
    observer.endPhase(planning, null, new TokenUsage("gpt-4o", 120, 30, -1));
    observer.endTask(task, 200, null);

    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans).hasSize(2);
    SpanData phase = spans.get(0);
    SpanData server = spans.get(1);

    assertThat(server.getName()).isEqualTo("POST /api/v1/task/{id}");
    assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.getTraceId()).isEqualTo(TRACE).isEqualTo(task.traceId());
    assertThat(server.getSpanId()).isEqualTo(task.spanId()).hasSize(16);
    assertThat(server.getParentSpanId()).isEqualTo(PARENT);
    assertThat(server.getParentSpanContext().isRemote()).isTrue();
    assertThat(server.getStartEpochNanos()).isEqualTo(task.startEpochNanos());
    assertThat(server.getEndEpochNanos()).isEqualTo(task.endEpochNanos());
    assertThat(server.getAttributes().get(AttributeKey.stringKey("http.route")))
        .isEqualTo("/api/v1/task/{id}");
    assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("request.id"))).isEqualTo("req-1");
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(server.getResource().getAttribute(AttributeKey.stringKey("service.name")))
        .isEqualTo("svc");

    assertThat(phase.getName()).isEqualTo("planning");
    assertThat(phase.getTraceId()).isEqualTo(TRACE);
    assertThat(phase.getParentSpanId()).isEqualTo(server.getSpanId());
    // rendered once per trace: every log line of the request writes the same string
    assertThat(planning.phase().traceId()).isSameAs(task.traceId());
    assertThat(phase.getAttributes().get(AttributeKey.stringKey("agent.type")))
        .isEqualTo("planner");
    assertThat(phase.getAttributes().get(AttributeKey.longKey("agent.tokens.input")))
        .isEqualTo(120L);
    assertThat(phase.getEvents()).extracting(EventData::getName).containsExactly("cache_lookup");
    assertThat(phase.getInstrumentationScopeInfo().getName()).isEqualTo("agent-obs");
    assertThat(stats.spansEnded()).isEqualTo(2);
  }

  @Test
  void failuresSetErrorStatusErrorTypeAndAnExceptionEvent() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    TaskObservation task = observer.startTask(request(null));
    PhaseScope phase = observer.startPhase("execution", "", "a.Steps", "a.Steps.run");
    observer.endPhase(phase, new IllegalStateException("model refused"), null);
    observer.endTask(task, 503, null);

    SpanData failedPhase = exported.getFinishedSpanItems().get(0);
    SpanData server = exported.getFinishedSpanItems().get(1);
    assertThat(failedPhase.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failedPhase.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo(IllegalStateException.class.getName());
    EventData exception = failedPhase.getEvents().get(0);
    assertThat(exception.getName()).isEqualTo("exception");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("model refused");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .contains("SpanRecorderTest");
    assertThat(server.getParentSpanContext().isValid()).isFalse();
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("503");
  }

  @Test
  void anExceptionWhoseMessageThrowsStillExports() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    PhaseScope phase = observer.startPhase("execution", "", "a.Steps", "a.Steps.run");
    observer.endPhase(
        phase,
        new RuntimeException() {
          @Override
          public String getMessage() {
            throw new IllegalStateException("hostile");
          }
        },
        null);

    SpanData span = exported.getFinishedSpanItems().get(0);
    assertThat(span.getEvents().get(0).getAttributes().get(ExceptionEvents.STACKTRACE))
        .contains("stack trace unavailable");
    ByteArrayOutputStream otlp = new ByteArrayOutputStream();
    assertThat(exported.getFinishedSpanItems())
        .allSatisfy(s -> TraceRequestMarshaler.create(List.of(s)).writeBinaryTo(otlp));
    assertThat(otlp.size()).isPositive();
  }

  @Test
  void theConfiguredSamplerDecidesPerTraceAndLogsStillGetIds() {
    Observer observer = observer(Sampler.alwaysOff());
    TaskObservation task = observer.startTask(request(null));
    PhaseScope phase = observer.startPhase("planning", "", "a.P", "a.P.plan");
    observer.endPhase(phase, null, null);
    observer.endTask(task, 200, null);

    assertThat(exported.getFinishedSpanItems()).isEmpty();
    assertThat(task.traceId()).hasSize(32).isNotEqualTo("00000000000000000000000000000000");
    assertThat(phase.phase().traceId()).isEqualTo(task.traceId());
    assertThat(stats.spansEnded()).isZero();
  }

  @Test
  void anUnsampledIncomingParentIsFollowed() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    TaskObservation task = observer.startTask(request("00-" + TRACE + "-" + PARENT + "-00"));
    observer.endTask(task, 200, null);
    assertThat(exported.getFinishedSpanItems()).isEmpty();
    assertThat(task.traceId()).isEqualTo(TRACE);
  }

  @Test
  void aPhaseOutsideARequestIsTheChildOfItsOwnRootTask() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    PhaseScope phase = observer.startPhase("summarise", "", "a.Job", "a.Job.run");
    observer.endPhase(phase, null, null);

    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactly("summarise", "task summarise");
    assertThat(spans.get(0).getParentSpanId()).isEqualTo(spans.get(1).getSpanId());
    assertThat(spans.get(1).getKind()).isEqualTo(SpanKind.INTERNAL);
  }

  @Test
  void aCallWithinAPhaseIsItsClientChildAndItsHeaderNamesTheCallSpan() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    TaskObservation task = observer.startTask(request("00-" + TRACE + "-" + PARENT + "-01"));
    PhaseScope phase = observer.startPhase("research", "", "a.R", "a.R.run");
    ClientCallObservation call =
        observer.startClientCall("POST", URI.create("https://user:pw@api.example:8443/v1/x?q=1"));
    observer.endPhase(phase, null, null);
    observer.endClientCall(call, 429, null);
    observer.endTask(task, 200, null);

    assertThat(call.asTraceparent()).isEqualTo("00-" + TRACE + "-" + call.spanId() + "-01");
    assertThat(call.requestId()).isEqualTo("req-1");
    SpanData client =
        exported.getFinishedSpanItems().stream()
            .filter(s -> s.getKind() == SpanKind.CLIENT)
            .findFirst()
            .orElseThrow();
    assertThat(client.getName()).isEqualTo("POST");
    assertThat(client.getTraceId()).isEqualTo(TRACE);
    assertThat(client.getParentSpanId()).isEqualTo(phase.phase().spanId());
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("server.address"), "api.example")
        .containsEntry(AttributeKey.longKey("server.port"), 8443L)
        .containsEntry(AttributeKey.stringKey("url.full"), "https://api.example:8443/v1/x?q=1")
        .containsEntry(AttributeKey.longKey("http.response.status_code"), 429L)
        .containsEntry(AttributeKey.stringKey("error.type"), "429");
    assertThat(call.hostLabel()).isEqualTo("api.example:8443");
  }

  @Test
  void aCallOutsideAnyTaskIsARootClientSpanTheSamplerDecides() {
    ClientCallObservation sampledOut =
        observer(Sampler.alwaysOff()).startClientCall("GET", URI.create("http://h/a"));
    assertThat(sampledOut.asTraceparent()).endsWith("-00");
    assertThat(sampledOut.requestId()).isEmpty();

    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    ClientCallObservation call = observer.startClientCall("GET", URI.create("http://h/a"));
    observer.endClientCall(call, 0, new java.net.ConnectException("refused"));
    SpanData span = exported.getFinishedSpanItems().get(0);
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.net.ConnectException");
    assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(80L);
  }

  @Test
  void anLlmCallIsAGenAiClientSpanUnderItsPhaseWithItsHttpCallAsItsChild() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    TaskObservation task = observer.startTask(request("00-" + TRACE + "-" + PARENT + "-01"));
    PhaseScope phase = observer.startPhase("planning", "planner", "a.P", "a.P.plan");
    LlmCallObservation llm = observer.newLlmCall();
    llm.setRequest("chat", "openai", "gpt-4o");
    observer.startLlmCall(llm);
    ClientCallObservation http =
        observer.startClientCall("POST", URI.create("http://127.0.0.1:9/v1/chat/completions"));
    observer.endClientCall(http, 200, null);
    llm.setResponse("gpt-4o-2024-08-06", "chatcmpl-7", new String[] {"stop"});
    llm.setUsage(1200, 300, 1024, -1);
    observer.endLlmCall(llm, null);
    observer.leaveLlmCall(llm);
    observer.endPhase(phase, null, null);
    observer.endTask(task, 200, null);

    SpanData span =
        exported.getFinishedSpanItems().stream()
            .filter(s -> s.getName().startsWith("chat"))
            .findFirst()
            .orElseThrow();
    SpanData httpSpan =
        exported.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("POST"))
            .findFirst()
            .orElseThrow();
    assertThat(span.getName()).isEqualTo("chat gpt-4o");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getParentSpanId()).isEqualTo(phase.phase().spanId());
    assertThat(httpSpan.getParentSpanId()).isEqualTo(span.getSpanId());
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("gen_ai.operation.name"), "chat")
        .containsEntry(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
        .containsEntry(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o")
        .containsEntry(AttributeKey.stringKey("gen_ai.response.model"), "gpt-4o-2024-08-06")
        .containsEntry(AttributeKey.stringKey("gen_ai.response.id"), "chatcmpl-7")
        .containsEntry(
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"))
        .containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 1200L)
        .containsEntry(AttributeKey.longKey("gen_ai.usage.output_tokens"), 300L)
        .containsEntry(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), 1024L)
        .containsEntry(AttributeKey.doubleKey("agent.llm.cost_usd"), 0.00472)
        .doesNotContainKey(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens"))
        .doesNotContainKey(AttributeKey.stringKey("error.type"))
        .doesNotContainKey(AttributeKey.stringKey("gen_ai.input.messages"))
        .doesNotContainKey(AttributeKey.stringKey("gen_ai.output.messages"));
  }

  @Test
  void withContentCaptureTheLlmSpanCarriesTheMessagesTheLibraryReadCapped() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    observer.setLlmContentCapture(16);
    MessageLibrary library = new MessageLibrary();
    LlmCalls calls = new LlmCalls(observer, library);
    calls.exit(calls.enter("test-llm", new Object(), "Say hello"), "Hello there, how are you?", null);

    assertThat(library.reads).isEqualTo(2);
    assertThat(exported.getFinishedSpanItems().get(0).getAttributes().asMap())
        .containsEntry(
            AttributeKey.stringKey("gen_ai.input.messages"),
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Say hello\"}]}]")
        .containsEntry(
            AttributeKey.stringKey("gen_ai.output.messages"),
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
                + "\"Hello there, how" + LlmMessages.CUT + "\"}],\"finish_reason\":\"stop\"}]");
  }

  @Test
  void withoutContentCaptureNoMessageIsRead() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    MessageLibrary library = new MessageLibrary();
    LlmCalls calls = new LlmCalls(observer, library);
    calls.exit(calls.enter("test-llm", new Object(), "Say hello"), "Hello", null);

    assertThat(library.reads).isZero();
    assertThat(exported.getFinishedSpanItems().get(0).getAttributes().asMap())
        .doesNotContainKey(AttributeKey.stringKey("gen_ai.input.messages"))
        .doesNotContainKey(AttributeKey.stringKey("gen_ai.output.messages"));
  }

  /** A library whose request and response are the text itself; counts the message reads. */
  private static final class MessageLibrary extends LlmLibrary {
    int reads;

    MessageLibrary() {
      super("test-llm");
    }

    @Override
    public void request(LlmCallObservation call, Object client, Object request) {
      call.setRequest("chat", "openai", "gpt-4o");
    }

    @Override
    public void response(LlmCallObservation call, Object response) {}

    @Override
    public void inputMessages(Object request, LlmMessages messages) {
      reads++;
      messages.add("user", (String) request);
    }

    @Override
    public void outputMessages(Object response, LlmMessages messages) {
      reads++;
      messages.add("assistant", List.of((String) response), "stop");
    }
  }

  @Test
  void aFailedLlmCallHasErrorStatusAndItsErrorType() {
    Observer observer = observer(Sampler.parentBased(Sampler.alwaysOn()));
    LlmCallObservation llm = observer.newLlmCall();
    llm.setRequest("chat", "anthropic", "");
    observer.startLlmCall(llm);
    observer.endLlmCall(llm, new IllegalStateException("overloaded"));
    observer.leaveLlmCall(llm);

    SpanData span = exported.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("chat");
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
        .isNull();
  }
}
