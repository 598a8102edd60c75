/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.pipeline;

/** An agent step failed; the task cannot be completed. */
public final class AgentStepException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param agent the agent whose step failed, e.g. {@code "analysis"}
   * @param reason why it failed
   */
  public AgentStepException(String agent, String reason) {
    super(agent + " agent failed: " + reason);
  }

  /**
   * Creates the exception with the failure that caused it.
   *
   * @param agent the agent whose step failed
   * @param reason what went wrong
   * @param cause what the step saw fail, e.g. the LLM call
   */
  public AgentStepException(String agent, String reason, Throwable cause) {
    super(agent + " agent failed: " + reason, cause);
  }
}
