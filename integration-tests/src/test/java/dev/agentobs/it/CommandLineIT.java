/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar agent-obs.jar …}: usage, the configuration report, instrumentations, errors. */
class CommandLineIT {

  @Test
  void withoutArgumentsItPrintsVersionAndUsage() {
    AgentJarCommand help = AgentJarCommand.run();

    assertThat(help.exitCode()).as("%s", help).isZero();
    assertThat(help.stdoutLines().get(0)).as("%s", help).startsWith("agent-obs 0.1.0-SNAPSHOT: ");
    assertThat(String.join("\n", help.stdoutLines()))
        .contains(
            "-javaagent:agent-obs.jar",
            "attach <pid> [key=value,...]",
            "--print-config",
            "list-instrumentations",
            "phases.include=");
    assertThat(help.stderrLines()).isEmpty();
    assertThat(AgentJarCommand.run("--version").stdoutLines())
        .containsExactly("agent-obs 0.1.0-SNAPSHOT");
  }

  @Test
  void printConfigShowsEachValueWithItsSource(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("agent-obs.properties");
    Files.writeString(file, "log.destination=stderr\nmetrics.port=1111\n");
    AgentJarCommand report =
        AgentJarCommand.builder()
            .env("AGENT_OBS_SERVICE_NAME", "from-env")
            .env("AGENT_OBS_CONFIG_FILE", file.toString())
            .jvmOption("-Dagent.obs.log.level=debug")
            .args("--print-config", "metrics.port=9999,phases.include=com.acme.Planner#plan=planning")
            .run();

    assertThat(report.exitCode()).as("%s", report).isZero();
    assertThat(report.stderrLines()).as("%s", report).isEmpty();
    assertThat(report.stdoutLines().get(0))
        .startsWith("# agent-obs 0.1.0-SNAPSHOT would start with: service from-env,")
        .contains("metrics http://0.0.0.0:9999/metrics", "logs stderr", "14 instrumentations");
    assertThat(rows(report))
        .contains(
            "config.file | environment AGENT_OBS_CONFIG_FILE | " + file,
            "service.name | environment AGENT_OBS_SERVICE_NAME | from-env",
            "metrics.port | agent arguments | 9999",
            "log.level | system property agent.obs.log.level | debug",
            "log.destination | file " + file + " | stderr",
            "request.id.header | default | X-Request-ID",
            "phases.include | agent arguments | com.acme.Planner#plan=planning",
            "instrumentation.methods.enabled | default | true");
  }

  @Test
  void eachBadSettingIsOneLineAndTheDefaultIsUsed() {
    AgentJarCommand report =
        AgentJarCommand.run(
            "--print-config", "log.level=loud,metrics.prot=1,phases.include=com.acme.*#run");

    assertThat(report.exitCode()).as("%s", report).isEqualTo(1);
    assertThat(report.stderrLines())
        .as("%s", report)
        .hasSize(3)
        .allMatch(line -> line.startsWith("agent-obs: "))
        .anyMatch(line -> line.contains("'loud' for log.level") && line.endsWith("using info"))
        .anyMatch(line -> line.contains("unknown setting 'metrics.prot' ignored"))
        .anyMatch(
            line ->
                line.contains("'com.acme.*#run' for phases.include")
                    && line.contains("wildcards are for methods only"));
    assertThat(rows(report)).contains("log.level | default | info", "phases.include | default");
  }

  @Test
  void listInstrumentationsShowsEachSwitchAndWhyAnInstrumentationIsOff() {
    AgentJarCommand list =
        AgentJarCommand.run(
            "list-instrumentations", "instrumentation.agent-cache.enabled=false");

    assertThat(list.exitCode()).as("%s", list).isZero();
    assertThat(rows(list))
        .containsExactly(
            "NAME | STATE | SWITCH | OBSERVES",
            "agent-phase | on | instrumentation.agent-phase.enabled | methods annotated @AgentPhase, one phase per call",
            "agent-cache | off | instrumentation.agent-cache.enabled | hits and misses of methods annotated @AgentCache (off: instrumentation.agent-cache.enabled=false (agent arguments))",
            "jdk-httpserver | on | instrumentation.jdk-httpserver.enabled | one task per request of a com.sun.net.httpserver server",
            "servlet | on | instrumentation.servlet.enabled | one task per request of a servlet container (jakarta.servlet and javax.servlet)",
            "javalin | on | instrumentation.javalin.enabled | the route template of a Javalin request (its matched endpoint path)",
            "java-http-client | on | instrumentation.java-http-client.enabled | a CLIENT span per java.net.http.HttpClient request, trace context and request id sent",
            "http-url-connection | on | instrumentation.http-url-connection.enabled | a CLIENT span per HttpURLConnection request, trace context and request id sent",
            "executor | on | instrumentation.executor.enabled | request context into ThreadPoolExecutor and ScheduledThreadPoolExecutor tasks",
            "fork-join | on | instrumentation.fork-join.enabled | request context into ForkJoinPool tasks: the common pool, parallel streams, CompletableFuture async stages",
            "thread | on | instrumentation.thread.enabled | request context into threads started within it, virtual threads included",
            "langchain4j | on | instrumentation.langchain4j.enabled | an LLM call per LangChain4j ChatModel / StreamingChatModel chat, any provider",
            "openai | on | instrumentation.openai.enabled | an LLM call per OpenAI Java SDK chat completion or response, blocking, async or streamed",
            "anthropic | on | instrumentation.anthropic.enabled | an LLM call per Anthropic Java SDK message, blocking, async or streamed",
            "methods | off | instrumentation.methods.enabled | methods named in phases.include, one phase per call (off: phases.include is empty)",
            "logback-appender | off | instrumentation.logback-appender.enabled | Logback console appenders' events, written as app_log lines (off: log.reformat is off)",
            "log4j-appender | off | instrumentation.log4j-appender.enabled | Log4j 2 console appenders' events, written as app_log lines (off: log.reformat is off)",
            "jul-console | off | instrumentation.jul-console.enabled | java.util.logging console handler records, written as app_log lines (off: log.reformat is off)");

    AgentJarCommand withPhases =
        AgentJarCommand.builder()
            .env("AGENT_OBS_PHASES_INCLUDE", "com.acme.Steps#run*=execution:research")
            .args("list-instrumentations")
            .run();
    assertThat(withPhases.stdoutLines())
        .as("%s", withPhases)
        .anyMatch(line -> line.startsWith("methods ") && line.contains(" on "))
        .contains("phases.include: com.acme.Steps#run*=execution:research");
  }

  @Test
  void attachProblemsAreOneClearLineEach() {
    AgentJarCommand notAPid = AgentJarCommand.run("attach", "my-service");
    assertThat(notAPid.exitCode()).as("%s", notAPid).isEqualTo(2);
    assertThat(notAPid.stderrLines())
        .containsExactly(
            "agent-obs: attach: 'my-service' is not a process id; find it with jps or ps");

    long gone = finishedProcessId();
    AgentJarCommand noSuchProcess = AgentJarCommand.run("attach", Long.toString(gone));
    assertThat(noSuchProcess.exitCode()).as("%s", noSuchProcess).isEqualTo(1);
    assertThat(noSuchProcess.stderrLines())
        .containsExactly("agent-obs: attach: no process with id " + gone);

    AgentJarCommand badSettings =
        AgentJarCommand.run("attach", Long.toString(gone), "metrics.port=99999");
    assertThat(badSettings.exitCode()).as("%s", badSettings).isEqualTo(2);
    assertThat(badSettings.stderrLines())
        .as("%s", badSettings)
        .hasSize(2)
        .anyMatch(line -> line.contains("'99999' for metrics.port"))
        .contains("agent-obs: attach: nothing attached; correct the settings above");
    assertThat(noSuchProcess.stdoutLines()).isEmpty();
  }

  /**
   * "cell | cell | cell" of each table row printed on stdout (comment lines left out); an empty
   * last cell leaves no trace.
   */
  private static List<String> rows(AgentJarCommand command) {
    return command.stdoutLines().stream()
        .filter(line -> !line.startsWith("#") && !line.startsWith("phases.include:"))
        .map(line -> String.join(" | ", line.trim().split(" {2,}")))
        .collect(Collectors.toList());
  }

  /** The id of a process that has just exited (ids are recycled only much later). */
  private static long finishedProcessId() {
    try {
      Process process = new ProcessBuilder("true").start();
      process.waitFor();
      return process.pid();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
