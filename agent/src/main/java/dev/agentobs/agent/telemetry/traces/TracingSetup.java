/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.config.AgentConfig;
import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.SelfStats;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the OpenTelemetry SDK with its own autoconfiguration, so every standard {@code OTEL_*}
 * variable (exporter, endpoint, protocol, headers, batch processor, sampler, resource) keeps its
 * OpenTelemetry meaning. Only traces are ours: metrics and logs have their own signals here.
 */
public final class TracingSetup {

  /**
   * The SDK reports export failures through java.util.logging, as multi-line SEVERE records with
   * stack traces on the app's stderr. {@link CountingSpanExporter} already says it once, in one
   * line, and counts; so the SDK's own logger is silenced unless the agent runs at debug. Held
   * strongly: JUL keeps loggers only weakly, and a collected logger would forget its level.
   */
  private static final Logger OTEL_LOGGER =
      Logger.getLogger(OpenTelemetrySdk.class.getPackage().getName().replaceFirst("\\.sdk$", ""));

  /** The SDK, configured from {@code OTEL_*}, and the tracing signal that feeds its processors. */
  public static final class Tracing {
    private final OpenTelemetrySdk sdk;
    private final SpanRecorder recorder;

    Tracing(OpenTelemetrySdk sdk, SpanRecorder recorder) {
      this.sdk = sdk;
      this.recorder = recorder;
    }

    public SpanRecorder recorder() {
      return recorder;
    }

    /** Exports what is queued and stops the exporters, waiting at most {@code seconds}. */
    public boolean shutdown(int seconds) {
      return sdk.shutdown().join(seconds, TimeUnit.SECONDS).isSuccess();
    }
  }

  public static Tracing start(AgentConfig config, SelfStats stats) {
    List<SpanProcessor> processors = new CopyOnWriteArrayList<>();
    AtomicReference<Resource> resource = new AtomicReference<>(Resource.getDefault());
    OpenTelemetrySdk sdk = build(config, stats, processors, resource);
    SpanRecorder recorder =
        new SpanRecorder(
            sdk.getSdkTracerProvider().getSampler(),
            resource.get(),
            SpanProcessor.composite(processors),
            stats);
    return new Tracing(sdk, recorder);
  }

  /**
   * Autoconfigures the SDK and keeps what the agent's own spans need from it: the configured
   * exporters, behind the agent's own {@link SpanExportQueue} in place of the SDK's batch processor,
   * and the resource. The SDK's tracer is never used; see {@link SpanRecorder}.
   */
  private static OpenTelemetrySdk build(
      AgentConfig config,
      SelfStats stats,
      List<SpanProcessor> processors,
      AtomicReference<Resource> resource) {
    if (!AgentLog.isDebug()) {
      OTEL_LOGGER.setLevel(Level.OFF);
    }
    Map<String, String> forced = new HashMap<>();
    forced.put("otel.metrics.exporter", "none");
    forced.put("otel.logs.exporter", "none");
    forced.put("otel.service.name", config.serviceName());
    List<SpanExporter> exporters = new ArrayList<>();
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(TracingSetup::defaults)
        .addPropertiesCustomizer((ConfigProperties props) -> forced)
        .addSpanExporterCustomizer(
            (exporter, props) -> {
              SpanExporter ours = exporterFor(exporter, props, stats);
              exporters.add(ours);
              return new LentExporter(ours);
            })
        .addSpanProcessorCustomizer(
            (processor, props) -> {
              SpanProcessor used = processor;
              if (processor instanceof BatchSpanProcessor) {
                // replaced before any span: its thread ends, and the exporters it was lent stay up
                processor.shutdown();
                SpanExportQueue queue =
                    SpanExportQueue.configured(SpanExporter.composite(exporters), props);
                stats.setSpansDroppedSource(queue);
                used = queue;
              }
              processors.add(used);
              return used;
            })
        .addResourceCustomizer(
            (r, props) -> {
              resource.set(r);
              return r;
            })
        // the agent flushes the SDK from its own shutdown hook, after the start-up replay
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }

  /**
   * An exporter as the SDK's batch processor gets it: that processor is shut down as soon as it is
   * built (a {@link SpanExportQueue} takes its place), and its shutdown must not reach the exporter.
   */
  private static final class LentExporter implements SpanExporter {
    private final SpanExporter exporter;

    LentExporter(SpanExporter exporter) {
      this.exporter = exporter;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return exporter.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /**
   * The configured exporter, counted. An OTLP protobuf exporter is fed pre-encoded requests, and
   * since it has read each batch when {@code export} returns, several batches may be in flight.
   */
  private static SpanExporter exporterFor(
      SpanExporter configured, ConfigProperties props, SelfStats stats) {
    SpanExporter preEncoded = PreEncodedOtlpExporter.wrap(configured);
    SpanExporter counted = new CountingSpanExporter(preEncoded, stats);
    if (preEncoded == configured) {
      return counted;
    }
    return new OverlappingExports(counted, SpanExportQueue.exportTimeout(props).toMillis());
  }

  /**
   * Our defaults where OpenTelemetry's do not fit an always-on agent; any {@code OTEL_BSP_*}
   * variable still wins. A service of thousands of requests per second with six spans each
   * overflows the SDK's default 2048-span queue between two 5-second exports; a larger queue and a
   * one-second delay keep every span (and show traces sooner). Batches stay at the SDK's 512: the
   * agent chose 2,048 while each export went through {@code HttpURLConnection}, whose fixed cost a
   * request it cut fourfold, but a span waits for its batch to fill, and under load the spans
   * waiting are most of what a young collection copies. With the agent's own sender, 512 measured
   * better on every count (bench service, 2 rounds of 20 s + 20 s each, 2026-12-07 23:11–23:27
   * UTC, JDK 17): fixed heap, survivors 198 KB a collection against 492 (1,024: 283), young pauses
   * 1.56 ms against 1.70, +8.9 µs of CPU a request against +11.7; with the JVM's own heap sizing,
   * which grows the heap as pauses lengthen, +100 MiB of RSS against +150 and +10.7 µs against
   * +20.1. The queue holds 65,536: when the signals activate, the start-up buffer's events are replayed in
   * quick rounds while the app goes on (tens of thousands of span ends under load), to an exporter
   * whose code the JIT has not compiled yet. A 16,384-span queue overflowed then in the side-by-side
   * runs of 2026-11-27 16:01 (5,000 to 8,000 spans a run), and once the replay no longer paused the
   * app, a 32,768-span one did in 3 of 5 first-seconds runs of 2026-12-07 06:36 (1,460 to 6,942
   * spans), none of 5 at 65,536. A queued span is a small view of its observation; nothing is
   * copied for the queue, whose array takes 256 KB.
   *
   * <p>OTLP goes over HTTP with protobuf ({@code http/protobuf}, port 4318) unless {@code
   * OTEL_EXPORTER_OTLP_PROTOCOL} says otherwise: the SDK's autoconfiguration still defaults to gRPC,
   * but the specification says an exporter's default SHOULD be {@code http/protobuf}, and it is the
   * OpenTelemetry Java agent's: a service moved from that agent keeps its collector endpoint.
   *
   * <p>An exporter the agent does not feed pre-encoded requests (OTLP as JSON) marshals from
   * immutable data: the SDK's default "reusable data" mode saves
   * allocation but walks every span twice (size, then bytes) through its stateless marshalers;
   * measured on the bench service (2026-11-27, JDK 17, 2 cores) it cost 237 µs of CPU per request of
   * six spans against 151 µs, and dropped more spans for it.
   */
  static Map<String, String> defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    defaults.put("otel.bsp.schedule.delay", "1000");
    defaults.put("otel.bsp.max.queue.size", "65536");
    defaults.put("otel.java.exporter.memory_mode", "immutable_data");
    return defaults;
  }

  private TracingSetup() {}
}
