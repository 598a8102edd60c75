/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.urlconnection;

import dev.agentobs.agent.instrumentation.http.Propagation;
import dev.agentobs.agent.observation.ClientCallObservation;
import dev.agentobs.agent.observation.Observer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The logic behind the {@code HttpURLConnection} advice. A connection's call is kept in a weak map
 * from its start to its end, and an ended call leaves a marker, so the repeated {@code
 * getInputStream} and {@code getResponseCode} calls on one connection observe it once.
 */
public final class UrlConnectionHelper {

  private static final Object ENDED = new Object();

  private final Observer observer;
  private final Propagation propagation;
  /** Keys compare by identity: {@code URLConnection} does not override {@code equals}. */
  private final Map<Object, Object> calls = Collections.synchronizedMap(new WeakHashMap<>());

  public UrlConnectionHelper(Observer observer, Propagation propagation) {
    this.observer = observer;
    this.propagation = propagation;
  }

  public void enter(Object connectionObject, boolean connected) throws URISyntaxException {
    if (Propagation.isAgentClass(Thread.currentThread().getClass())) {
      return; // the agent's OTLP sender: observing it would make spans about exporting spans
    }
    if (connected || calls.containsKey(connectionObject)) {
      return; // in progress, ended, or connected before the agent could add headers
    }
    HttpURLConnection connection = (HttpURLConnection) connectionObject;
    ClientCallObservation call =
        observer.startClientCall(connection.getRequestMethod(), connection.getURL().toURI());
    calls.put(connection, call);
    addIfAbsent(connection, Propagation.TRACEPARENT, call.asTraceparent());
    addIfAbsent(connection, Propagation.TRACESTATE, propagation.tracestate(call));
    if (!call.requestId().isEmpty()) {
      addIfAbsent(connection, propagation.requestIdHeader(), call.requestId());
    }
  }

  /**
   * Ends the call once {@code getInputStream} returned or threw (earlier only if {@code connect} or
   * {@code getOutputStream} failed). The JDK's {@code getInputStream} leaves parsing the status to
   * {@code getResponseCode}, which answers from the response already read (it also throws for a
   * 4xx or 5xx answer: a status, not a failed call); it throws when no response came.
   */
  public void exit(Object connectionObject, int responseCode, Throwable thrown, boolean responseRead) {
    Object entry = calls.get(connectionObject);
    if (!(entry instanceof ClientCallObservation) || (thrown == null && !responseRead)) {
      return;
    }
    // marked first: getResponseCode below re-enters getInputStream, which must find the call ended
    calls.put(connectionObject, ENDED);
    int status = responseCode;
    if (status <= 0 && responseRead) {
      try {
        status = ((HttpURLConnection) connectionObject).getResponseCode();
      } catch (IOException | RuntimeException noResponse) {
        status = 0;
      }
    }
    observer.endClientCall(
        (ClientCallObservation) entry, Math.max(status, 0), status > 0 ? null : thrown);
  }

  private static void addIfAbsent(HttpURLConnection connection, String name, String value) {
    if (value != null && connection.getRequestProperty(name) == null) {
      connection.setRequestProperty(name, value);
    }
  }
}
