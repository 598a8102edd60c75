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
 * An export request already in protobuf bytes, in parts: each the first bytes of an array (a
 * resource's head, then the segments its spans filled). The SDK's HTTP and gRPC exporters take its
 * {@link #toBinaryMessageWriter()}, which writes the parts to the sender's stream as they are, not
 * through the SDK's serializer and its buffer.
 */
final class EncodedRequest extends Marshaler {

  private byte[][] arrays = new byte[8][];
  private int[] lengths = new int[8];
  private int parts;
  private int length;

  /** Appends the first {@code count} bytes of {@code array}; returns the part's index. */
  int add(byte[] array, int count) {
    if (parts == arrays.length) {
      arrays = Arrays.copyOf(arrays, parts * 2);
      lengths = Arrays.copyOf(lengths, parts * 2);
    }
    arrays[parts] = array;
    lengths[parts] = count;
    length += count;
    return parts++;
  }

  /** Fills in a part added empty: a head whose lengths were known only after its spans. */
  void set(int part, byte[] array) {
    length += array.length - lengths[part];
    arrays[part] = array;
    lengths[part] = array.length;
  }

  /** Gives the request's arrays back once it is sent (a retry writes the same bytes again). */
  void release(RequestBuffers buffers) {
    for (int i = 0; i < parts; i++) {
      buffers.give(arrays[i]);
    }
  }

  byte[] toByteArray() {
    byte[] all = new byte[length];
    int at = 0;
    for (int i = 0; i < parts; i++) {
      System.arraycopy(arrays[i], 0, all, at, lengths[i]);
      at += lengths[i];
    }
    return all;
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
        for (int i = 0; i < parts; i++) {
          output.write(arrays[i], 0, lengths[i]);
        }
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
