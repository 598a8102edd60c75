/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OtlpSpanCounterTest {

  @Test
  void countsEverySpanOfEveryScopeOfEveryResource() throws IOException {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(resourceSpans(scopeSpans("a", 3), scopeSpans("b", 0)))
            .addResourceSpans(resourceSpans(scopeSpans("c", 2), scopeSpans("d", 1)))
            .build();

    assertThat(OtlpSpanCounter.count(new ByteArrayInputStream(request.toByteArray())))
        .isEqualTo(6);
  }

  @Test
  void anEmptyRequestHasNoSpans() throws IOException {
    assertThat(OtlpSpanCounter.count(new ByteArrayInputStream(new byte[0]))).isZero();
  }

  @Test
  void truncatedInputIsRejected() {
    byte[] bytes =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(resourceSpans(scopeSpans("a", 2)))
            .build()
            .toByteArray();
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 5);

    assertThatThrownBy(() -> OtlpSpanCounter.count(new ByteArrayInputStream(truncated)))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  private static ResourceSpans resourceSpans(ScopeSpans... scopes) {
    KeyValue service =
        KeyValue.newBuilder()
            .setKey("service.name")
            .setValue(AnyValue.newBuilder().setStringValue("bench"))
            .build();
    return ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(service))
        .addAllScopeSpans(Arrays.asList(scopes))
        .build();
  }

  private static ScopeSpans scopeSpans(String scope, int spans) {
    ScopeSpans.Builder builder =
        ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(scope));
    for (int i = 0; i < spans; i++) {
      builder.addSpans(
          Span.newBuilder()
              .setName("phase " + i)
              .setTraceId(ByteString.copyFrom(new byte[16]))
              .setSpanId(ByteString.copyFrom(new byte[8])));
    }
    return builder.build();
  }
}
