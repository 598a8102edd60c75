/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.marshal.Serializer;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An export request already in protobuf bytes: the first {@code length} bytes of a buffer. The
 * SDK's HTTP and gRPC exporters take its {@link #toBinaryMessageWriter()}, which writes them to the
 * sender's stream as they are, not through the SDK's serializer and its buffer.
 */
final class EncodedRequest extends Marshaler {

  private final byte[] buffer;
  private final int length;

  EncodedRequest(byte[] buffer, int length) {
    this.buffer = buffer;
    this.length = length;
  }

  byte[] buffer() {
    return buffer;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, length);
  }

  @Override
  public int getBinarySerializedSize() {
    return length;
  }

  @Override
  public MessageWriter toBinaryMessageWriter() {
    return new MessageWriter() {
      @Override
      public void writeMessage(OutputStream output) throws IOException {
        output.write(buffer, 0, length);
      }

      @Override
      public int getContentLength() {
        return length;
      }
    };
  }

  /** Only if a sender serializes the request itself ({@link #writeBinaryTo}). */
  @Override
  protected void writeTo(Serializer output) throws IOException {
    output.writeSerializedMessage(toByteArray(), "");
  }
}
