/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import com.sun.net.httpserver.HttpServer;
import dev.agentobs.agent.observation.ClientCallObservation;
import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.agent.observation.Observer.PhaseScope;
import dev.agentobs.agent.observation.SelfStats;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.observation.TokenUsage;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OtlpSpanEncoderTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT = "b7ad6b7169203331";

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();

  /** A trace with every shape, events, failures, a remote parent, a trace state and long text. */
  private List<SpanData> everyKindOfSpan() {
    return everyKindOfSpan(resource("h1"));
  }

  private static Resource resource(String host) {
    return Resource.getDefault()
        .merge(Resource.builder().put("service.name", "svc").put("host.name", host).build());
  }

  private List<SpanData> everyKindOfSpan(Resource resource) {
    exported.reset();
    SpanRecorder recorder =
        new SpanRecorder(
            Sampler.parentBased(Sampler.alwaysOn()),
            resource,
            SimpleSpanProcessor.create(exported),
            new SelfStats());
    Observer observer = new Observer(List.of(recorder), new SelfStats());
    observer.setLlmContentCapture(100_000);

    TaskObservation task =
        observer.startTask(
            TaskObservation.httpServer(
                "req-ü-1", "POST", "/api/v1/task/42", "/api/v1/task/{id}",
                "00-" + TRACE + "-" + PARENT + "-01", "vendor=a1,other=b2", new Object()));
    PhaseScope planning = observer.startPhase("planning", "planner", "a.Planner", "a.P.plan");
    observer.cacheLookup("results", true);
    observer.cacheLookup("results", false);
    observer.endPhase(planning, null, new TokenUsage("gpt-4o", 120, 30, -1));

    PhaseScope research = observer.startPhase("récherche", "研究", "a.R", "a.R.run");
    LlmCallObservation llm = observer.newLlmCall();
    llm.setRequest("chat", "openai", "gpt-4o");
    observer.startLlmCall(llm);
    ClientCallObservation http =
        observer.startClientCall("POST", URI.create("http://127.0.0.1:9/v1/chat/completions"));
    observer.endClientCall(http, 200, null);
    llm.setResponse("gpt-4o-2024-08-06", "chatcmpl-7", new String[] {"stop", "length"});
    llm.setUsage(1200, 300, 1024, 7);
    observer.endLlmCall(llm, null);
    observer.leaveLlmCall(llm);
    observer.endPhase(research, null, null);

    PhaseScope failing = observer.startPhase("execution", "", "a.S", "a.S.run");
    ClientCallObservation refused = observer.startClientCall("GET", URI.create("http://h:81/x"));
    observer.endClientCall(refused, 429, null);
    StringBuilder longMessage = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      longMessage.append("model refused, ");
    }
    observer.endPhase(failing, new IllegalStateException(longMessage.toString()), null);
    observer.endTask(task, 503, null);

    PhaseScope batch = observer.startPhase("summarise", "", "a.Job", "a.Job.run");
    observer.endPhase(batch, null, null);
    return new ArrayList<>(exported.getFinishedSpanItems());
  }

  private static byte[] sdkBytes(List<SpanData> spans) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeBinaryTo(bytes);
    return bytes.toByteArray();
  }

  @Test
  void writesTheBytesTheSdksMarshalersWrite() throws IOException {
    List<SpanData> spans = everyKindOfSpan();
    assertThat(spans).hasSize(9);
    assertThat(OtlpSpanEncoder.canEncode(spans)).isTrue();

    OtlpSpanEncoder encoder = new OtlpSpanEncoder();
    assertThat(encoder.encode(spans)).isEqualTo(sdkBytes(spans));
    // and again with the same encoder: its buffer and caches are reused
    List<SpanData> one = spans.subList(0, 1);
    assertThat(encoder.encode(one)).isEqualTo(sdkBytes(one));
    assertThat(encoder.encode(spans)).isEqualTo(sdkBytes(spans));
  }

  /** Each resource's spans in a message of their own, in the order the resources first appear. */
  @Test
  void spansOfTwoResourcesAreGroupedByResource() throws IOException {
    List<SpanData> first = everyKindOfSpan(resource("h1"));
    List<SpanData> second = everyKindOfSpan(resource("h2"));
    List<SpanData> mixed = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      mixed.add(first.get(i));
      mixed.add(second.get(i));
    }

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(sdkBytes(first));
    expected.write(sdkBytes(second));
    assertThat(new OtlpSpanEncoder().encode(mixed)).isEqualTo(expected.toByteArray());
  }

  /**
   * A batch larger than a segment: its spans go on in new segments, one outsized span (a 45 KB
   * exception message) grows its own, and each resource's head still counts all of its spans.
   */
  @Test
  void aBatchFillingManySegmentsIsStillTheSdksBytes() throws IOException {
    List<SpanData> first = everyKindOfSpan(resource("h1"));
    List<SpanData> second = everyKindOfSpan(resource("h2"));
    List<SpanData> many = new ArrayList<>();
    List<SpanData> firstMany = new ArrayList<>();
    List<SpanData> secondMany = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      many.addAll(first);
      firstMany.addAll(first);
      many.addAll(second);
      secondMany.addAll(second);
    }
    RequestBuffers buffers = new RequestBuffers(100);
    OtlpSpanEncoder encoder = new OtlpSpanEncoder();

    EncodedRequest request = encoder.encode(many, buffers);

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(sdkBytes(firstMany));
    expected.write(sdkBytes(secondMany));
    assertThat(request.getBinarySerializedSize()).isGreaterThan(8 * RequestBuffers.SEGMENT_BYTES);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    request.toBinaryMessageWriter().writeMessage(written);
    assertThat(written.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(request.toByteArray()).isEqualTo(expected.toByteArray());

    // its segments, given back, are what the next request is written into
    request.release(buffers);
    byte[] reused = buffers.take();
    buffers.give(reused);
    assertThat(encoder.encode(first, buffers).toByteArray()).isEqualTo(sdkBytes(first));
    assertThat(buffers.take()).isNotSameAs(reused);
  }

  @Test
  void anEmptyBatchIsAnEmptyRequest() {
    assertThat(new OtlpSpanEncoder().encode(List.of())).isEmpty();
  }

  @Test
  void onlyOtlpProtobufExportersArePreEncoded() {
    SpanExporter http =
        OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:9/v1/traces").build();
    SpanExporter grpc = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:9").build();
    SpanExporter zipkin =
        ZipkinSpanExporter.builder()
            .setSender(
                URLConnectionSender.newBuilder()
                    .endpoint("http://127.0.0.1:9/api/v2/spans")
                    .build())
            .build();
    try {
      assertThat(PreEncodedOtlpExporter.wrap(http)).isInstanceOf(PreEncodedOtlpExporter.class);
      assertThat(PreEncodedOtlpExporter.wrap(grpc)).isInstanceOf(PreEncodedOtlpExporter.class);
      assertThat(PreEncodedOtlpExporter.wrap(zipkin)).isSameAs(zipkin);
      assertThat(PreEncodedOtlpExporter.wrap(exported)).isSameAs(exported);
    } finally {
      http.shutdown();
      grpc.shutdown();
      zipkin.shutdown();
    }
  }

  @Test
  void theConfiguredHttpExporterSendsTheEncodedRequestWithItsHeaders() throws Exception {
    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    List<String> headers = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          bodies.add(exchange.getRequestBody().readAllBytes());
          headers.add(
              exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + exchange.getRequestHeaders().getFirst("X-Tenant"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    SpanExporter exporter =
        preEncodedTo(collector, builder -> builder.addHeader("X-Tenant", "t1"));
    try {
      List<SpanData> spans = everyKindOfSpan();
      CompletableResultCode result = exporter.export(spans).join(10, TimeUnit.SECONDS);

      assertThat(result.isSuccess()).isTrue();
      assertThat(bodies).hasSize(1);
      assertThat(bodies.get(0)).isEqualTo(sdkBytes(spans));
      assertThat(headers).containsExactly("application/x-protobuf t1");
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
      collector.stop(0);
    }
  }

  /**
   * Requests are encoded into reused arrays: one must stay as it is until its export completes,
   * for a retry writes it again. Here a second batch is encoded while the first waits to be
   * refused (503), then retried.
   */
  @Test
  void aRetriedRequestIsSentUnchangedThoughAnotherWasEncodedMeanwhile() throws Exception {
    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    CountDownLatch firstArrived = new CountDownLatch(1);
    CountDownLatch secondSent = new CountDownLatch(1);
    AtomicInteger requests = new AtomicInteger();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.setExecutor(Executors.newCachedThreadPool());
    collector.createContext(
        "/v1/traces",
        exchange -> {
          bodies.add(exchange.getRequestBody().readAllBytes());
          int status = 200;
          if (requests.incrementAndGet() == 1) {
            firstArrived.countDown();
            await(secondSent);
            status = 503;
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    collector.start();
    SpanExporter exporter =
        preEncodedTo(
            collector,
            builder ->
                builder.setRetryPolicy(
                    RetryPolicy.builder()
                        .setMaxAttempts(2)
                        .setInitialBackoff(Duration.ofMillis(5))
                        .build()));
    try {
      List<SpanData> first = everyKindOfSpan(resource("h1"));
      List<SpanData> second = everyKindOfSpan(resource("h2"));
      CompletableResultCode firstResult = exporter.export(first);
      assertThat(firstArrived.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableResultCode secondResult = exporter.export(second).join(10, TimeUnit.SECONDS);
      secondSent.countDown();
      firstResult.join(10, TimeUnit.SECONDS);

      assertThat(secondResult.isSuccess()).isTrue();
      assertThat(firstResult.isSuccess()).isTrue();
      assertThat(bodies)
          .containsExactlyInAnyOrder(sdkBytes(first), sdkBytes(second), sdkBytes(first));
    } finally {
      secondSent.countDown();
      exporter.shutdown().join(5, TimeUnit.SECONDS);
      collector.stop(0);
      ((ExecutorService) collector.getExecutor()).shutdownNow();
    }
  }

  /** The SDK's OTLP/HTTP exporter to {@code collector}, with {@code settings}, pre-encoded. */
  private static SpanExporter preEncodedTo(
      HttpServer collector, UnaryOperator<OtlpHttpSpanExporterBuilder> settings) {
    return PreEncodedOtlpExporter.wrap(
        settings
            .apply(
                OtlpHttpSpanExporter.builder()
                    .setEndpoint(
                        "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces"))
            .build());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
