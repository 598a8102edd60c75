/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PhaseMethodsTest {

  @Test
  void entriesNameAClassAMethodAPhaseAndAnOptionalAgentType() {
    PhaseMethods included =
        PhaseMethods.parse(
            " com.acme.Planner#plan=planning ; com.acme.Steps#*=execution:research ;;");

    PhaseMethod plan = included.find("com.acme.Planner", "plan");
    assertThat(plan.phaseOf("plan")).isEqualTo("planning");
    assertThat(plan.agentType()).isEmpty();
    PhaseMethod step = included.find("com.acme.Steps", "search");
    assertThat(step.phaseOf("search")).isEqualTo("execution");
    assertThat(step.agentType()).isEqualTo("research");
    assertThat(included.find("com.acme.Planner", "replan")).isNull();
    assertThat(included.find("com.acme.PlannerX", "plan")).isNull();
    assertThat(included).hasToString("com.acme.Planner#plan=planning;com.acme.Steps#*=execution:research");
  }

  @Test
  void withoutAPhaseTheMethodNameIsThePhase() {
    PhaseMethods included = PhaseMethods.parse("com.acme.Steps#*");
    assertThat(included.find("com.acme.Steps", "research").phaseOf("research"))
        .isEqualTo("research");
  }

  @ParameterizedTest
  @CsvSource({
    "research*, research, true",
    "research*, researchDeep, true",
    "research*, deepResearch, false",
    "*Step, runStep, true",
    "run*Step, runFirstStep, true",
    "run, runner, false",
    "*, anything, true"
  })
  void methodPatternsUseStarAsAWildcard(String pattern, String method, boolean matches) {
    PhaseMethods included = PhaseMethods.parse("a.B#" + pattern);
    assertThat(included.find("a.B", method) != null).isEqualTo(matches);
  }

  @Test
  void nestedClassesGoByTheirBinaryName() {
    PhaseMethods included = PhaseMethods.parse("com.acme.Agent$Planner#plan=planning");
    assertThat(included.find("com.acme.Agent$Planner", "plan")).isNotNull();
    assertThat(included.classNames()).containsExactly("com.acme.Agent$Planner");
  }

  @Test
  void theFirstMatchingEntryWins() {
    PhaseMethods included = PhaseMethods.parse("a.B#plan=planning;a.B#*=other");
    assertThat(included.find("a.B", "plan").phaseOf("plan")).isEqualTo("planning");
    assertThat(included.find("a.B", "act").phaseOf("act")).isEqualTo("other");
  }

  @Test
  void emptyMeansNothingIncluded() {
    assertThat(PhaseMethods.parse("").isEmpty()).isTrue();
    assertThat(PhaseMethods.parse(" ; ").isEmpty()).isTrue();
  }

  static Stream<Arguments> badEntries() {
    return Stream.of(
        Arguments.of("com.acme.Planner", "no '#method'"),
        Arguments.of("com.acme.Planner#plan()", "'plan()' is not a method name"),
        Arguments.of("com.acme.*#plan", "wildcards are for methods only"),
        Arguments.of("com/acme/Planner#plan", "not a class name"),
        Arguments.of("#plan", "not a class name"),
        Arguments.of("com.acme.Planner#", "is not a method name"),
        Arguments.of("com.acme.Planner#plan=", "empty phase name"),
        Arguments.of("com.acme.Planner#plan=planning:", "empty agent type"),
        Arguments.of("com.acme.Planner#plan=a:b:c", "more than one ':'"),
        Arguments.of("java.util.ArrayList#add", "JDK and agent classes"),
        Arguments.of("dev.agentobs.agent.internal.AgentStarter#start", "JDK and agent classes"));
  }

  @ParameterizedTest
  @MethodSource("badEntries")
  void badEntriesAreRejectedWithTheReason(String value, String reason) {
    assertThatThrownBy(() -> PhaseMethods.parse("a.B#ok;" + value))
        .isInstanceOf(ConfigOption.BadValue.class)
        .hasMessageContaining("entry '" + value + "'")
        .hasMessageContaining(reason);
  }
}
