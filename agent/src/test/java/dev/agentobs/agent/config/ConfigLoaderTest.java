/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void defaultsApplyWhenNothingIsSet() {
    AgentConfig config = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(config.getInt(ConfigOptions.METRICS_PORT)).isEqualTo(9464);
    assertThat(config.getString(ConfigOptions.LOG_LEVEL)).isEqualTo("info");
    assertThat(config.getBoolean(ConfigOptions.TRACES_ENABLED)).isTrue();
    assertThat(config.serviceName()).isEqualTo("agent-service");
    assertThat(config.sourceOf(ConfigOptions.METRICS_PORT)).isEqualTo("default");
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void secretsAreUsableButNeverDisplayed() {
    AgentConfig config =
        ConfigLoader.load(
            null,
            Map.of(),
            Map.of(
                "AGENT_OBS_METRICS_AUTH_PASSWORD", "s3cret",
                "AGENT_OBS_METRICS_AUTH_USERNAME", "prom"));
    assertThat(config.getString(ConfigOptions.METRICS_AUTH_PASSWORD)).isEqualTo("s3cret");
    assertThat(config.display(ConfigOptions.METRICS_AUTH_PASSWORD)).isEqualTo("****");
    assertThat(config.display(ConfigOptions.METRICS_AUTH_USERNAME)).isEqualTo("prom");
    assertThat(config.display(ConfigOptions.METRICS_TLS_KEYSTORE_PASSWORD)).isEmpty();
  }

  @Test
  void agentArgumentsBeatSystemPropertiesBeatEnvironment() {
    AgentConfig config =
        ConfigLoader.load(
            "metrics.port=1111",
            Map.of("agent.obs.metrics.port", "2222", "agent.obs.log.level", "debug"),
            Map.of(
                "AGENT_OBS_METRICS_PORT", "3333",
                "AGENT_OBS_LOG_LEVEL", "error",
                "AGENT_OBS_SERVICE_NAME", "from-env"));
    assertThat(config.getInt(ConfigOptions.METRICS_PORT)).isEqualTo(1111);
    assertThat(config.sourceOf(ConfigOptions.METRICS_PORT)).isEqualTo("agent arguments");
    assertThat(config.getString(ConfigOptions.LOG_LEVEL)).isEqualTo("debug");
    assertThat(config.sourceOf(ConfigOptions.LOG_LEVEL))
        .isEqualTo("system property agent.obs.log.level");
    assertThat(config.serviceName()).isEqualTo("from-env");
  }

  @Test
  void environmentNamesMapToKebabCaseInstrumentationSwitches() {
    AgentConfig config =
        ConfigLoader.load(
            null, Map.of(), Map.of("AGENT_OBS_INSTRUMENTATION_JDK_HTTPSERVER_ENABLED", "false"));
    assertThat(config.getBoolean(ConfigOptions.JDK_HTTPSERVER_ENABLED)).isFalse();
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void badValueGivesOneLineNamingKeyValueAndExpectationAndKeepsTheDefault() {
    AgentConfig config = ConfigLoader.load("metrics.port=notaport", Map.of(), Map.of());
    assertThat(config.getInt(ConfigOptions.METRICS_PORT)).isEqualTo(9464);
    assertThat(config.problems()).hasSize(1);
    assertThat(config.problems().get(0))
        .contains("metrics.port", "notaport", "port number", "9464")
        .doesNotContain("\n");
  }

  @Test
  void badValueInAHigherSourceDoesNotFallThroughToALowerOne() {
    AgentConfig config =
        ConfigLoader.load("log.level=loud", Map.of(), Map.of("AGENT_OBS_LOG_LEVEL", "debug"));
    assertThat(config.getString(ConfigOptions.LOG_LEVEL)).isEqualTo("info");
    assertThat(config.problems()).singleElement().asString().contains("log.level", "loud");
  }

  @Test
  void outOfRangePortIsRejected() {
    AgentConfig config = ConfigLoader.load("metrics.port=70000", Map.of(), Map.of());
    assertThat(config.getInt(ConfigOptions.METRICS_PORT)).isEqualTo(9464);
    assertThat(config.problems()).hasSize(1);
  }

  @Test
  void unknownKeysAreReportedAndIgnored() {
    AgentConfig config =
        ConfigLoader.load(
            "metrics.prot=1", Map.of("agent.obs.trace.enabled", "x"), Map.of("OTHER_VAR", "1"));
    assertThat(config.problems()).hasSize(2);
    assertThat(config.problems().get(0)).contains("metrics.prot");
    assertThat(config.problems().get(1)).contains("agent.obs.trace.enabled");
  }

  @Test
  void malformedAgentArgumentIsReported() {
    AgentConfig config = ConfigLoader.load("metrics.port", Map.of(), Map.of());
    assertThat(config.problems()).singleElement().asString().contains("key=value");
  }

  @Test
  void controlCharactersInBadValuesDoNotBreakTheLine() {
    AgentConfig config =
        ConfigLoader.load(null, Map.of("agent.obs.metrics.port", "1\n2\r3"), Map.of());
    assertThat(config.problems()).singleElement().asString().doesNotContain("\n", "\r");
  }

  @Test
  void propertiesFileIsTheLowestConfiguredSource(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("agent-obs.properties");
    Files.writeString(file, "metrics.port=4444\nlog.level=warn\nservice.name=from-file\n");
    AgentConfig config =
        ConfigLoader.load(
            "config.file=" + file, Map.of(), Map.of("AGENT_OBS_LOG_LEVEL", "error"));
    assertThat(config.getInt(ConfigOptions.METRICS_PORT)).isEqualTo(4444);
    assertThat(config.getString(ConfigOptions.LOG_LEVEL)).isEqualTo("error");
    assertThat(config.serviceName()).isEqualTo("from-file");
  }

  @Test
  void missingPropertiesFileIsReportedNotFatal() {
    AgentConfig config = ConfigLoader.load("config.file=/nonexistent/x.properties", Map.of(), Map.of());
    assertThat(config.problems()).singleElement().asString().contains("/nonexistent/x.properties");
    assertThat(config.getInt(ConfigOptions.METRICS_PORT)).isEqualTo(9464);
  }

  @Test
  void configForTestsTakesValuesVerbatim() {
    AgentConfig config =
        AgentConfig.createForTest(Map.of("service.name", "a,b=c", "metrics.port", "1234"));
    assertThat(config.serviceName()).isEqualTo("a,b=c");
    assertThat(config.getInt(ConfigOptions.METRICS_PORT)).isEqualTo(1234);
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void sourcesNameTheVariableOrPropertyOrFileAValueCameFrom(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("agent.properties");
    Files.writeString(file, "log.destination=stderr\n");
    AgentConfig config =
        ConfigLoader.load(
            null,
            Map.of("agent.obs.metrics.port", "2222"),
            Map.of("AGENT_OBS_SERVICE_NAME", "svc", "AGENT_OBS_CONFIG_FILE", file.toString()));
    assertThat(config.sourceOf(ConfigOptions.METRICS_PORT))
        .isEqualTo("system property agent.obs.metrics.port");
    assertThat(config.sourceOf(ConfigOptions.SERVICE_NAME))
        .isEqualTo("environment AGENT_OBS_SERVICE_NAME");
    assertThat(config.sourceOf(ConfigOptions.LOG_DESTINATION)).isEqualTo("file " + file);
    assertThat(config.sourceOf(ConfigOptions.LOG_LEVEL)).isEqualTo("default");
  }

  @Test
  void instrumentationSwitchesAreNamedAfterTheInstrumentations() {
    AgentConfig config =
        ConfigLoader.load(
            "instrumentation.agent-phase.enabled=false,instrumentation.methods.enabled=false",
            Map.of(),
            Map.of());
    assertThat(config.getBoolean(ConfigOptions.PHASE_ENABLED)).isFalse();
    assertThat(config.getBoolean(ConfigOptions.METHODS_ENABLED)).isFalse();
    assertThat(ConfigOptions.PHASE_ENABLED.key())
        .isEqualTo(ConfigOptions.instrumentationSwitch("agent-phase"));
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void phasesIncludeFromAgentArgumentsKeepsItsEqualsAndSemicolons() {
    AgentConfig config =
        ConfigLoader.load(
            "metrics.port=1,phases.include=com.acme.Planner#plan=planning;com.acme.Steps#*=execution:research",
            Map.of(),
            Map.of());
    assertThat(config.problems()).isEmpty();
    assertThat(config.display(ConfigOptions.PHASES_INCLUDE))
        .isEqualTo("com.acme.Planner#plan=planning;com.acme.Steps#*=execution:research");
    assertThat(config.getPhaseMethods(ConfigOptions.PHASES_INCLUDE).classNames())
        .containsExactly("com.acme.Planner", "com.acme.Steps");
  }

  @Test
  void aBadPhasesIncludeEntryIsNamedInOneLineAndNothingIsIncluded() {
    AgentConfig config =
        ConfigLoader.load(
            null,
            Map.of(),
            Map.of("AGENT_OBS_PHASES_INCLUDE", "com.acme.Planner#plan=planning;com.acme.*#run"));
    assertThat(config.getPhaseMethods(ConfigOptions.PHASES_INCLUDE).isEmpty()).isTrue();
    assertThat(config.problems())
        .singleElement()
        .asString()
        .contains(
            "phases.include",
            "environment AGENT_OBS_PHASES_INCLUDE",
            "entry 'com.acme.*#run'",
            "wildcards are for methods only",
            "Class#method=phase[:agent_type]")
        .doesNotContain("\n");
  }

  @Test
  void argumentsAreCheckedWithoutReadingOtherSources() {
    assertThat(ConfigLoader.checkArguments("metrics.port=9465,phases.include=a.B#c")).isEmpty();
    assertThat(ConfigLoader.checkArguments("config.file=/nonexistent/x.properties")).isEmpty();
    assertThat(ConfigLoader.checkArguments("metrics.prot=1,log.level=loud,oops"))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).contains("metrics.prot"))
        .anySatisfy(p -> assertThat(p).contains("log.level", "loud"))
        .anySatisfy(p -> assertThat(p).contains("oops", "key=value"));
  }

  @Test
  void serviceNameFallsBackToOtelServiceName() {
    AgentConfig config = ConfigLoader.load(null, Map.of(), Map.of("OTEL_SERVICE_NAME", "otel-svc"));
    assertThat(config.serviceName()).isEqualTo("otel-svc");
  }
}
