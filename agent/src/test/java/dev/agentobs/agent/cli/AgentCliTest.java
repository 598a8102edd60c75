/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line in-process; the built jar's command line is exercised by CommandLineIT. */
class AgentCliTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void anUnknownCommandIsOneLineAndAUsageError() {
    assertThat(run("--frobnicate")).isEqualTo(AgentCli.USAGE);
    assertThat(err()).containsExactly(
        "agent-obs: unknown command '--frobnicate'; run java -jar agent-obs.jar --help");
    assertThat(out()).isEmpty();
  }

  @Test
  void attachNeedsAProcessIdAndWillNotAttachToItself() {
    assertThat(run("attach")).isEqualTo(AgentCli.USAGE);
    assertThat(run("attach", Long.toString(ProcessHandle.current().pid()))).isEqualTo(AgentCli.USAGE);
    assertThat(err())
        .containsExactly(
            "agent-obs: attach: which process? usage: attach <pid> [key=value,...]",
            "agent-obs: attach: " + ProcessHandle.current().pid() + " is this command's own process");
  }

  @Test
  void settingsMayBeSeparateWordsOrCommaSeparated() {
    assertThat(AgentCli.settings(List.of("a=1", "b=2,c=3"))).isEqualTo("a=1,b=2,c=3");
    assertThat(AgentCli.settings(List.of())).isEmpty();
  }

  @Test
  void tablesPadEveryColumnButTheLast() {
    Table table = new Table("A", "B", "C");
    table.row("long cell", "x", "");
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    table.print(print);
    assertThat(out()).containsExactly("A          B  C", "long cell  x");
  }

  private int run(String... args) {
    return AgentCli.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> out() {
    return lines(out);
  }

  private List<String> err() {
    return lines(err);
  }

  private static List<String> lines(ByteArrayOutputStream stream) {
    String text = stream.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
