/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.sample.http;

/** The client sent a request we cannot act on (answered with 400). */
final class InvalidRequestException extends Exception {

  private static final long serialVersionUID = 1L;

  InvalidRequestException(String message) {
    super(message);
  }
}
