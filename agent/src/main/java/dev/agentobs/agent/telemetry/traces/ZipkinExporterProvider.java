/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * {@code OTEL_TRACES_EXPORTER=zipkin}, as the exporter's own autoconfigure provider reads it
 * ({@code OTEL_EXPORTER_ZIPKIN_ENDPOINT}, {@code OTEL_EXPORTER_ZIPKIN_TIMEOUT}), but sending with
 * zipkin-reporter's {@code HttpURLConnection} sender instead of its OkHttp one, which would bring
 * OkHttp, Okio and Kotlin into the jar for this exporter alone.
 */
public final class ZipkinExporterProvider implements ConfigurableSpanExporterProvider {

  static final String DEFAULT_ENDPOINT = "http://localhost:9411/api/v2/spans";

  @Override
  public String getName() {
    return "zipkin";
  }

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    String endpoint = config.getString("otel.exporter.zipkin.endpoint", DEFAULT_ENDPOINT);
    Duration timeout = config.getDuration("otel.exporter.zipkin.timeout", Duration.ofSeconds(10));
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    URLConnectionSender sender =
        URLConnectionSender.newBuilder()
            .endpoint(endpoint)
            .connectTimeout(timeoutMillis)
            .readTimeout(timeoutMillis)
            .build();
    return ZipkinSpanExporter.builder()
        .setEndpoint(endpoint)
        .setReadTimeout(timeout)
        .setSender(new OnSenderThread(sender))
        .build();
  }

  /**
   * Sends on the agent's own thread. The exporter sends from the batch processor's thread, a
   * plain {@code Thread}; the {@code HttpURLConnection} instrumentation would observe the call
   * there, and each export would make a span about exporting spans.
   */
  static final class OnSenderThread implements BytesMessageSender {
    private final BytesMessageSender delegate;
    private final ExecutorService executor = SenderThreads.newExecutor("agent-obs-zipkin-sender-");

    OnSenderThread(BytesMessageSender delegate) {
      this.delegate = delegate;
    }

    @Override
    public Encoding encoding() {
      return delegate.encoding();
    }

    @Override
    public int messageMaxBytes() {
      return delegate.messageMaxBytes();
    }

    @Override
    public int messageSizeInBytes(List<byte[]> encodedSpans) {
      return delegate.messageSizeInBytes(encodedSpans);
    }

    @Override
    public int messageSizeInBytes(int encodedSizeInBytes) {
      return delegate.messageSizeInBytes(encodedSizeInBytes);
    }

    @Override
    public void send(List<byte[]> encodedSpans) throws IOException {
      Future<?> sent =
          executor.submit(
              () -> {
                delegate.send(encodedSpans);
                return null;
              });
      try {
        sent.get();
      } catch (InterruptedException e) {
        sent.cancel(true);
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while sending spans to Zipkin", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException) {
          throw (IOException) cause;
        }
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        throw new IOException(cause);
      }
    }

    @Override
    public void close() throws IOException {
      executor.shutdown();
      delegate.close();
    }
  }
}
