/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.sink;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * OTLP/gRPC's {@code TraceService/Export} on grpc-java: counts each request's spans as the HTTP
 * handler does, and answers an empty response. Messages stay bytes (no generated stubs).
 */
final class OtlpGrpcService {

  private static final String SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";

  private OtlpGrpcService() {}

  static ServerServiceDefinition definition(LongAdder spans, LongAdder problems) {
    MethodDescriptor<InputStream, byte[]> export =
        MethodDescriptor.<InputStream, byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(SERVICE + "/Export")
            .setRequestMarshaller(new Raw())
            .setResponseMarshaller(new Empty())
            .build();
    ServerCallHandler<InputStream, byte[]> handler =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onMessage(InputStream message) {
              try {
                spans.add(OtlpSpanCounter.count(message));
              } catch (IOException | RuntimeException e) {
                problems.increment();
              }
            }

            @Override
            public void onHalfClose() {
              call.sendHeaders(new Metadata());
              call.sendMessage(new byte[0]);
              call.close(Status.OK, new Metadata());
            }
          };
        };
    return ServerServiceDefinition.builder(SERVICE).addMethod(export, handler).build();
  }

  /** The request as the stream grpc-java hands over. */
  private static final class Raw implements MethodDescriptor.Marshaller<InputStream> {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }

  private static final class Empty implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      return new byte[0];
    }
  }
}
