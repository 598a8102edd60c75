/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OtlpHttpReceiverTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void decodesPlainAndGzippedExportsAndAnswersWithAnEmptyResponse() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      byte[] body = request().toByteArray();

      HttpResponse<byte[]> plain = post(receiver, body, false);
      HttpResponse<byte[]> gzipped = post(receiver, gzip(body), true);

      for (HttpResponse<byte[]> response : List.of(plain, gzipped)) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(response.body()).hasPartialSuccess())
            .isFalse();
      }
      ReceivedSpan span =
          receiver.awaitSpans(s -> s.name().equals("POST /x"), 2, Duration.ofSeconds(5)).get(0);
      assertThat(span.traceId()).isEqualTo(TRACE_ID);
      assertThat(span.spanId()).isEqualTo(SPAN_ID);
      assertThat(span.parentSpanId()).isEmpty();
      assertThat(span.attribute("http.response.status_code")).isEqualTo(200L);
      assertThat(span.resource()).containsEntry("service.name", "svc");
      assertThat(receiver.problems()).isEmpty();
    }
  }

  @Test
  void rejectsJsonExports() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(415);
      assertThat(receiver.problems()).hasSize(1);
      assertThat(receiver.spans()).isEmpty();
    }
  }

  private HttpResponse<byte[]> post(OtlpHttpReceiver receiver, byte[] body, boolean gzip)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static ExportTraceServiceRequest request() {
    Span span =
        Span.newBuilder()
            .setName("POST /x")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE_ID)))
            .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(SPAN_ID)))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("http.response.status_code")
                    .setValue(AnyValue.newBuilder().setIntValue(200)))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("svc"))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
        .build();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }
}
