/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.agentobs.agent.observation.CacheLookup;
import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.testapp.Fixtures;
import dev.agentobs.testapp.PlainFixtures;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The instrumentations installed into this JVM with Byte Buddy's attach, observed through a
 * recording listener and the real span recorder with an in-memory exporter.
 */
class InstrumentationTest {

  private static final InMemorySpanExporter SPANS = TestAgent.SPANS;
  private static final List<Object> EVENTS = TestAgent.EVENTS;
  private static HttpServer server;
  private static int retransformedAtInstall;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void installAgent() throws Exception {
    retransformedAtInstall = TestAgent.install();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/task", new Fixtures.TaskHandler());
    server.createContext("/delegating", new Fixtures.DelegatingHandler());
    server.createContext("/throwing", new Fixtures.ThrowingHandler());
    server.createContext(
        "/lambda",
        exchange -> {
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server
        .createContext("/guarded", new Fixtures.TaskHandler())
        .getFilters()
        .add(
            new com.sun.net.httpserver.Filter() {
              @Override
              public void doFilter(com.sun.net.httpserver.HttpExchange exchange, Chain chain)
                  throws java.io.IOException {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
              }

              @Override
              public String description() {
                return "rejects everything";
              }
            });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  @BeforeEach
  void reset() {
    SPANS.reset();
    EVENTS.clear();
  }

  @Test
  void phaseOutsideARequestStartsItsOwnRootTask() {
    Fixtures.Reply reply = new Fixtures.Pipeline().plan("x");

    assertThat(reply.text()).isEqualTo("plan for x");
    List<SpanData> spans = SPANS.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactly("planning", "task planning");
    SpanData phase = spans.get(0);
    SpanData root = spans.get(1);
    assertThat(phase.getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(phase.getTraceId()).isEqualTo(root.getTraceId());
    assertThat(phase.getAttributes().asMap().toString())
        .contains("agent.type=planner", "agent.tokens.input=11", "agent.tokens.output=22");
    TaskObservation task = only(TaskObservation.class);
    assertThat(task.kind()).isEqualTo(TaskObservation.Kind.ROOT_PHASE);
    assertThat(task.tokensUsed()).isEqualTo(33);
  }

  @Test
  void nestedPhasesInheritTheAgentTypeAndNestSpans() {
    new Fixtures.Pipeline().outer();

    List<PhaseObservation> phases = all(PhaseObservation.class);
    assertThat(phases).extracting(PhaseObservation::phase).containsExactly("execution", "outer");
    assertThat(phases).extracting(PhaseObservation::agentType)
        .containsExactly("orchestrator", "orchestrator");
    assertThat(phases.get(0).tokens().total()).isEqualTo(5);
    SpanData inner = span("execution");
    assertThat(inner.getParentSpanId()).isEqualTo(span("outer").getSpanId());
  }

  @Test
  void includedMethodsAreObservedExactlyAsAnnotatedOnes() throws Exception {
    new Fixtures.Pipeline().outer();
    new Fixtures.Pipeline().plan("x");
    assertThatThrownBy(new Fixtures.Pipeline()::fail).isInstanceOf(Fixtures.StepFailed.class);
    List<String> annotated = observedShape();
    reset();

    PlainFixtures.PlainPipeline plain = new PlainFixtures.PlainPipeline();
    assertThat(plain.outer()).containsEntry("tokens_used", 5);
    assertThat(plain.plan("x").text()).isEqualTo("plan for x");
    assertThatThrownBy(plain::fail).isInstanceOf(Fixtures.StepFailed.class).hasMessage("boom");
    assertThat(plain.helper()).isEqualTo("helped");

    assertThat(observedShape()).isEqualTo(annotated).isNotEmpty();
    assertThat(all(PhaseObservation.class))
        .extracting(PhaseObservation::codeFunction)
        .contains(PlainFixtures.PlainPipeline.class.getName() + ".executeInherited");
  }

  @Test
  void anAnnotatedMethodAlsoIncludedIsObservedOnceUnderItsAnnotation() {
    new Fixtures.Pipeline().primitive(1);
    assertThat(only(PhaseObservation.class).phase()).isEqualTo("primitive");
  }

  @Test
  void aClassLoadedBeforeTheAgentIsInstrumentedByRetransformation() {
    // LoadedEarly, and whatever else of the fixtures this test JVM happened to load before
    assertThat(retransformedAtInstall).as("classes re-instrumented at install").isPositive();
    assertThat(new PlainFixtures.LoadedEarly().work()).isEqualTo("early");
    assertThat(only(PhaseObservation.class).phase()).isEqualTo("early");
  }

  /**
   * What the signals saw, without ids, times and class names: phase, agent type, tokens and
   * outcome of each phase; span name, kind, status and parent's name of each span.
   */
  private static List<String> observedShape() {
    List<String> shape = new java.util.ArrayList<>();
    for (Object event : EVENTS) {
      if (event instanceof PhaseObservation) {
        PhaseObservation phase = (PhaseObservation) event;
        shape.add(
            "phase " + phase.phase() + " " + phase.agentType() + " tokens="
                + (phase.tokens() == null ? null : phase.tokens().total())
                + " error=" + (phase.error() == null ? null : phase.error().getMessage()));
      } else if (event instanceof TaskObservation) {
        TaskObservation task = (TaskObservation) event;
        shape.add("task " + task.kind() + " tokens=" + task.tokensUsed() + " failed=" + task.failed());
      }
    }
    for (SpanData span : SPANS.getFinishedSpanItems()) {
      String parent =
          SPANS.getFinishedSpanItems().stream()
              .filter(p -> p.getSpanId().equals(span.getParentSpanId()))
              .map(SpanData::getName)
              .findFirst()
              .orElse("-");
      java.util.Map<String, Object> attributes = new java.util.TreeMap<>();
      span.getAttributes().forEach((k, v) -> attributes.put(k.getKey(), v));
      attributes.keySet().removeIf(k -> k.startsWith("code.") || k.equals("request.id"));
      shape.add(
          "span " + span.getName() + " " + span.getKind() + " " + span.getStatus().getStatusCode()
              + " parent=" + parent + " " + attributes);
    }
    return shape;
  }

  @Test
  void checkedExceptionsPassThroughUnchangedAndAreRecorded() {
    Fixtures.Pipeline pipeline = new Fixtures.Pipeline();
    assertThatThrownBy(pipeline::fail)
        .isInstanceOf(Fixtures.StepFailed.class)
        .hasMessage("boom")
        .hasCauseInstanceOf(IllegalStateException.class);

    PhaseObservation phase = only(PhaseObservation.class);
    assertThat(phase.error()).isInstanceOf(Fixtures.StepFailed.class);
    assertThat(span("failing").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span("failing").getEvents()).extracting(e -> e.getName()).contains("exception");
  }

  @Test
  void primitiveReturnValuesAreUntouched() {
    assertThat(new Fixtures.Pipeline().primitive(21)).isEqualTo(42);
    assertThat(only(PhaseObservation.class).tokens()).isNull();
  }

  @Test
  void cacheLookupsCountHitsAndMisses() {
    Fixtures.Pipeline pipeline = new Fixtures.Pipeline();
    assertThat(pipeline.lookup("known")).isEqualTo(Optional.of("v"));
    assertThat(pipeline.lookup("unknown")).isEmpty();

    assertThat(all(CacheLookup.class)).extracting(CacheLookup::hit).containsExactly(true, false);
    assertThat(all(CacheLookup.class)).extracting(CacheLookup::cache).containsOnly("results");
  }

  @Test
  void requestBecomesOneServerSpanWithPhaseChildrenAndEchoedRequestId() throws Exception {
    HttpResponse<String> response = get("/task", "X-Request-ID", "req-42");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(response.headers().firstValue("X-Request-ID")).hasValue("req-42");
    SpanData serverSpan = span("GET /task");
    assertThat(serverSpan.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(serverSpan.getAttributes().asMap().toString())
        .contains("http.response.status_code=200", "http.route=/task", "request.id=req-42");
    assertThat(span("planning").getParentSpanId()).isEqualTo(serverSpan.getSpanId());
    assertThat(only(TaskObservation.class).tokensUsed()).isEqualTo(33);
  }

  @Test
  void incomingTraceparentIsContinued() throws Exception {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    get("/task", "traceparent", "00-" + traceId + "-b7ad6b7169203331-01");

    SpanData serverSpan = span("GET /task");
    assertThat(serverSpan.getTraceId()).isEqualTo(traceId);
    assertThat(serverSpan.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(span("planning").getTraceId()).isEqualTo(traceId);
  }

  @Test
  void caughtPhaseFailureAnswering500FailsTheTaskWithThePhaseError() throws Exception {
    HttpResponse<String> response = get("/task/fail", "X-Request-ID", "bad id with spaces");

    assertThat(response.statusCode()).isEqualTo(500);
    String echoed = response.headers().firstValue("X-Request-ID").orElseThrow();
    assertThat(echoed).matches("[0-9a-f]{16}");
    TaskObservation task = only(TaskObservation.class);
    assertThat(task.failed()).isTrue();
    assertThat(task.reportedError()).isInstanceOf(Fixtures.StepFailed.class);
    assertThat(task.requestId()).isEqualTo(echoed);
    assertThat(span("GET /task").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void lambdaHandlersAreObserved() throws Exception {
    HttpResponse<String> response = get("/lambda", "X-Request-ID", "lambda-1");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("X-Request-ID")).hasValue("lambda-1");
    TaskObservation task = only(TaskObservation.class);
    assertThat(task.route()).isEqualTo("/lambda");
    assertThat(task.statusCode()).isEqualTo(204);
  }

  @Test
  void requestsAnsweredByAFilterAreObserved() throws Exception {
    HttpResponse<String> response = get("/guarded", "X-Request-ID", "guard-1");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(only(TaskObservation.class).statusCode()).isEqualTo(401);
    assertThat(all(PhaseObservation.class)).isEmpty();
  }

  @Test
  void delegatingHandlersObserveTheRequestOnce() throws Exception {
    get("/delegating", "X-Request-ID", "once");

    assertThat(all(TaskObservation.class)).hasSize(1);
    assertThat(SPANS.getFinishedSpanItems())
        .filteredOn(s -> s.getKind() == SpanKind.SERVER)
        .hasSize(1);
  }

  @Test
  void handlerExceptionsAreRecordedAsServerErrors() throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/throwing"))
            // POST: the JDK client retries an idempotent GET once the connection drops
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      CLIENT.send(post, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException expected) {
      // the JDK server closes the connection when a handler throws
    }
    TaskObservation task = awaitTask();
    assertThat(task.statusCode()).isEqualTo(500);
    assertThat(task.error()).isInstanceOf(IllegalArgumentException.class).hasMessage("handler bug");
  }

  private static TaskObservation awaitTask() throws InterruptedException {
    for (int i = 0; i < 100 && all(TaskObservation.class).isEmpty(); i++) {
      Thread.sleep(20);
    }
    return only(TaskObservation.class);
  }

  private static HttpResponse<String> get(String path, String header, String value)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
            .header(header, value)
            .build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    // the client has its answer as soon as the app writes it; the task ends when the chain returns
    awaitTask();
    return response;
  }

  private static SpanData span(String name) {
    return SPANS.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + SPANS.getFinishedSpanItems()));
  }

  private static <T> List<T> all(Class<T> type) {
    return EVENTS.stream().filter(type::isInstance).map(type::cast).collect(java.util.stream.Collectors.toList());
  }

  private static <T> T only(Class<T> type) {
    List<T> found = all(type);
    assertThat(found).as("events of " + type.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
