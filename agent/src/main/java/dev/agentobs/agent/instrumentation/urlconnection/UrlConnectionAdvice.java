/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.urlconnection;

import dev.agentobs.bootstrap.AgentHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDK's {@code sun.net.www.protocol.http.HttpURLConnection.connect()}, {@code
 * getOutputStream()} and {@code getInputStream()}: the first of them starts the call; it ends when
 * {@code getInputStream} (which {@code getResponseCode} uses too) returns or any of them fails.
 */
public final class UrlConnectionAdvice {

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(
      @Advice.This Object connection, @Advice.FieldValue("connected") boolean connected) {
    AgentHooks.urlConnectionEnter(connection, connected);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void onExit(
      @Advice.This Object connection,
      @Advice.Origin("#m") String method,
      @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Thrown Throwable thrown) {
    boolean responseRead = "getInputStream".equals(method);
    if (thrown != null || responseRead) {
      AgentHooks.urlConnectionExit(connection, responseCode, thrown, responseRead);
    }
  }

  private UrlConnectionAdvice() {}
}
