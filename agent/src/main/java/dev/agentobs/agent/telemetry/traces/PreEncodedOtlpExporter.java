/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.internal.AgentLog;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.internal.GrpcExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.reflect.Field;
import java.util.Collection;

/**
 * The OTLP span exporter the SDK's autoconfiguration built (endpoint, headers, TLS, compression,
 * retries, gRPC or HTTP: all as {@code OTEL_*} says), fed requests {@link OtlpSpanEncoder} wrote
 * instead of the SDK's per-span marshalers. It sends through the exporter's own sender, read from
 * its {@code delegate} field: the SDK offers no public way to send a pre-encoded request. With any
 * other exporter (Zipkin, console, OTLP as JSON) nothing changes.
 */
final class PreEncodedOtlpExporter implements SpanExporter {

  /** Sends one encoded request of {@code spans} spans: the SDK's HTTP or gRPC exporter. */
  private interface Sender {
    CompletableResultCode send(Marshaler request, int spans);
  }

  private final SpanExporter configured;
  private final Sender sender;
  private final OtlpSpanEncoder encoder = new OtlpSpanEncoder();
  /**
   * Segments kept: a batch of the default 512 spans like the bench service's fills two (one of
   * 2,048, five), so enough for the exports in flight and the next being encoded. When more are in
   * use (larger configured batches, the start-up replay), the rest are dropped as they come back,
   * not held for good.
   */
  private final RequestBuffers buffers = new RequestBuffers(10);

  private PreEncodedOtlpExporter(SpanExporter configured, Sender sender) {
    this.configured = configured;
    this.sender = sender;
  }

  /** {@code exporter} itself when it is not an OTLP protobuf exporter this can feed. */
  static SpanExporter wrap(SpanExporter exporter) {
    Sender sender = senderOf(exporter);
    return sender == null ? exporter : new PreEncodedOtlpExporter(exporter, sender);
  }

  private static Sender senderOf(SpanExporter exporter) {
    if (!(exporter instanceof OtlpHttpSpanExporter) && !(exporter instanceof OtlpGrpcSpanExporter)) {
      return null;
    }
    try {
      Object delegate = field(exporter.getClass(), "delegate").get(exporter);
      if (delegate instanceof GrpcExporter) {
        return ((GrpcExporter) delegate)::export;
      }
      if (delegate instanceof HttpExporter
          && !field(HttpExporter.class, "exportAsJson").getBoolean(delegate)) {
        return ((HttpExporter) delegate)::export;
      }
      return null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      AgentLog.debug("OTLP spans marshalled by the SDK: its exporter's sender is out of reach (" + e
          + ")");
      return null;
    }
  }

  private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
    Field field = owner.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (!OtlpSpanEncoder.canEncode(spans)) {
      return configured.export(spans);
    }
    EncodedRequest request;
    synchronized (encoder) { // the batch processor exports from one thread; this is for any other
      request = encoder.encode(spans, buffers);
    }
    CompletableResultCode result = sender.send(request, spans.size());
    // only once it completes: a retry writes the same bytes again
    result.whenComplete(() -> request.release(buffers));
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return configured.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return configured.shutdown();
  }

  @Override
  public String toString() {
    return "PreEncodedOtlpExporter{" + configured + "}";
  }
}
