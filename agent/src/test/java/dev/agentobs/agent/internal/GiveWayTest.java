/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GiveWayTest {

  @Test
  void givesWayOnceEveryGivenNumberOfItems() {
    AtomicInteger turns = new AtomicInteger();
    GiveWay giveWay = new GiveWay(3, turns::incrementAndGet);

    giveWay.itemDone();
    giveWay.itemDone();
    assertThat(turns).hasValue(0);
    giveWay.itemDone();
    assertThat(turns).hasValue(1);
    for (int i = 0; i < 7; i++) {
      giveWay.itemDone();
    }
    assertThat(turns).hasValue(3);
  }
}
