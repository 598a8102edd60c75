/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JvmMetricGroupsTest {

  private static Set<String> names(PrometheusRegistry registry) {
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      names.add(snapshot.getMetadata().getPrometheusName());
    }
    return names;
  }

  @Test
  void withoutNativeMemoryTrackingTheSameSeriesAsPrometheusJvmMetrics() {
    PrometheusRegistry ours = new PrometheusRegistry();
    JvmMetricGroups.register(ours);
    PrometheusRegistry theirs = new PrometheusRegistry();
    JvmMetrics.builder().register(theirs);

    // this test JVM runs without -XX:NativeMemoryTracking, so that group reports nothing there
    assertThat(names(ours)).isEqualTo(names(theirs)).contains("jvm_memory_used_bytes",
        "jvm_threads_current", "process_cpu_seconds");
  }

  @Test
  void nativeMemoryTrackingIsOnlyWhatTheLastFlagSays() {
    assertThat(JvmMetricGroups.nativeMemoryTracking(List.of("-Xmx1g"))).isFalse();
    assertThat(JvmMetricGroups.nativeMemoryTracking(List.of("-XX:NativeMemoryTracking=summary")))
        .isTrue();
    assertThat(JvmMetricGroups.nativeMemoryTracking(List.of("-XX:NativeMemoryTracking=detail")))
        .isTrue();
    assertThat(
            JvmMetricGroups.nativeMemoryTracking(
                List.of("-XX:NativeMemoryTracking=summary", "-XX:NativeMemoryTracking=off")))
        .isFalse();
  }
}
