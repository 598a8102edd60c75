/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.sink;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the spans in an OTLP {@link ExportTraceServiceRequest} by walking the protobuf wire format
 * (request → resource_spans → scope_spans → spans) without building a message per span: the sink
 * shares the machine's two cores with the service it measures, so it should cost as little as it
 * can. Malformed input still fails with {@link InvalidProtocolBufferException}.
 */
final class OtlpSpanCounter {

  private static final int[] PATH = {
    ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER,
    ResourceSpans.SCOPE_SPANS_FIELD_NUMBER,
    ScopeSpans.SPANS_FIELD_NUMBER
  };

  /**
   * Reads the whole body first: decoding straight from the JDK server's request stream hung on
   * bodies larger than the decoder's 4 KiB buffer (an exporter's 512-span batch never completed).
   */
  static long count(InputStream body) throws IOException {
    return count(CodedInputStream.newInstance(body.readAllBytes()), 0);
  }

  /** Counts the fields at {@code PATH[depth]} of the message that {@code in} is positioned in. */
  private static long count(CodedInputStream in, int depth) throws IOException {
    long spans = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      boolean onPath =
          WireFormat.getTagFieldNumber(tag) == PATH[depth]
              && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if (!onPath) {
        in.skipField(tag);
      } else if (depth == PATH.length - 1) {
        spans++;
        in.skipField(tag);
      } else {
        int limit = in.pushLimit(in.readRawVarint32());
        spans += count(in, depth + 1);
        in.popLimit(limit);
      }
    }
    return spans;
  }

  private OtlpSpanCounter() {}
}
