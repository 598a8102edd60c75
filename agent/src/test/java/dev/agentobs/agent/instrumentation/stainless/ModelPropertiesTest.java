/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.stainless;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading an SDK's model getters by name, the way Stainless-generated classes shape them. */
class ModelPropertiesTest {

  @Test
  void optionalsAreUnwrappedAndAbsentOnesReadAsNull() {
    Usage usage = new Usage(1200, Optional.of(new Details(Optional.of(1000L))));

    assertThat(ModelProperties.count(usage, "promptTokens")).isEqualTo(1200);
    assertThat(ModelProperties.count(ModelProperties.get(usage, "details"), "cachedTokens"))
        .isEqualTo(1000);
    assertThat(ModelProperties.count(new Details(Optional.empty()), "cachedTokens")).isEqualTo(-1);
    assertThat(ModelProperties.get(new Usage(1, Optional.empty()), "details")).isNull();
  }

  @Test
  void aMissingGetterOrAThrowingOneReadsAsAbsent() {
    Usage usage = new Usage(5, Optional.empty());

    assertThat(ModelProperties.get(usage, "noSuchField")).isNull();
    assertThat(ModelProperties.count(usage, "noSuchField")).isEqualTo(-1);
    assertThat(ModelProperties.get(usage, "required")).isNull();
    assertThat(ModelProperties.get(null, "promptTokens")).isNull();
    assertThat(ModelProperties.text(usage, "promptTokens")).isEqualTo("5");
  }

  /** Public, as the SDKs' model classes are: read through the public lookup. */
  public static final class Usage {
    private final long promptTokens;
    private final Optional<Details> details;

    Usage(long promptTokens, Optional<Details> details) {
      this.promptTokens = promptTokens;
      this.details = details;
    }

    public long promptTokens() {
      return promptTokens;
    }

    public Optional<Details> details() {
      return details;
    }

    /** A required field the JSON lacked: the SDKs throw. */
    public String required() {
      throw new IllegalStateException("`required` is not present");
    }
  }

  public static final class Details {
    private final Optional<Long> cachedTokens;

    Details(Optional<Long> cachedTokens) {
      this.cachedTokens = cachedTokens;
    }

    public Optional<Long> cachedTokens() {
      return cachedTokens;
    }
  }
}
