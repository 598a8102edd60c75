/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How the writer's array grows, as G1 sees it: 1 MB regions, humongous from half a region. */
class ProtoWriterTest {

  private static final int REGION = 1024 * 1024;
  /** An array's header on a 64-bit JVM with compressed class pointers. */
  private static final int ARRAY_HEADER = 16;

  @Test
  void aRequestUnderHalfARegionStaysAnOrdinaryObject() {
    ProtoWriter out = written(300 * 1024);

    assertThat(out.buffer().length + ARRAY_HEADER).isLessThan(REGION / 2);
  }

  @Test
  void aRequestOverHalfARegionTakesOneRegionNotTwo() {
    ProtoWriter out = written(600 * 1024);

    assertThat(out.buffer().length + ARRAY_HEADER).isLessThanOrEqualTo(REGION);
  }

  @Test
  void whatWasWrittenSurvivesTheGrowth() {
    ProtoWriter out = written(600 * 1024);

    byte[] expected = new byte[600 * 1024];
    Arrays.fill(expected, (byte) 7);
    assertThat(Arrays.copyOf(out.buffer(), out.size())).isEqualTo(expected);
  }

  /** The sizes the encoder computes a resource's head from are those of what is written. */
  @Test
  void aFieldsSizeIsWhatItsHeaderAndValueTake() {
    for (int length : new int[] {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152}) {
      for (int field : new int[] {1, 15, 16}) {
        ProtoWriter out = new ProtoWriter();
        out.header(field, length);

        assertThat(ProtoWriter.headerSize(field, length)).isEqualTo(out.size());
        assertThat(ProtoWriter.fieldSize(field, length)).isEqualTo(out.size() + length);
      }
    }
  }

  /** {@code bytes} sevens, four at a time, written into a request segment. */
  private static ProtoWriter written(int bytes) {
    ProtoWriter out = new ProtoWriter();
    out.reset(new byte[RequestBuffers.SEGMENT_BYTES]);
    for (int i = 0; i < bytes; i += 4) {
      out.fixed32(0x07070707);
    }
    return out;
  }
}
