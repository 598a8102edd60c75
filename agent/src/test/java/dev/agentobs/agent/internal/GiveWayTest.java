/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GiveWayTest {

  private static final long NOW = 1_000_000L;

  private final AtomicInteger turns = new AtomicInteger();

  @Test
  void givesWayOnceEveryGivenNumberOfItems() {
    GiveWay giveWay = new GiveWay(3, 50, turns::incrementAndGet, () -> NOW);

    giveWay.itemDone(NOW);
    giveWay.itemDone(NOW);
    assertThat(turns).hasValue(0);
    giveWay.itemDone(NOW);
    assertThat(turns).hasValue(1);
    for (int i = 0; i < 7; i++) {
      giveWay.itemDone(NOW - 10);
    }
    assertThat(turns).hasValue(3);
  }

  @Test
  void aThreadWhoseItemsAreLateKeepsTheCpu() {
    GiveWay giveWay = new GiveWay(2, 50, turns::incrementAndGet, () -> NOW);

    giveWay.itemDone(NOW - 60);
    giveWay.itemDone(NOW - 50);
    assertThat(turns).hasValue(0);
    // caught up: the next turn is offered again
    giveWay.itemDone(NOW - 50);
    giveWay.itemDone(NOW - 49);
    assertThat(turns).hasValue(1);
  }
}
