/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.observation;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call to an LLM (a CLIENT span {@code chat {model}} after the GenAI semantic conventions),
 * library-neutral: an instrumentation's helper fills the request fields before the call starts and
 * the result fields from the response, with what the provider reported and nothing else.
 *
 * <p>Token counts follow the conventions: {@link #inputTokens()} counts every input token, cached
 * ones included (OpenAI's {@code prompt_tokens}; for Anthropic, whose {@code input_tokens} leaves
 * them out, the helper adds the cache reads and writes), and the cache counts say how many of them
 * were read from or written to the provider's prompt cache. A count not reported is {@code -1},
 * never 0.
 *
 * <p>A call is current on the calling thread while its method runs, so an HTTP call the client
 * makes is its child, and an LLM call made inside it (a framework wrapping an SDK) is recognised
 * as {@link #nested()}: such a call is never reported, it only fills what the outer call could not
 * read from its own response. A streaming or asynchronous call ends later, on any thread.
 */
public final class LlmCallObservation extends Observation {

  /** A token count the provider did not report. */
  public static final long NOT_REPORTED = -1;

  private final LlmCallObservation outer;
  private final AtomicBoolean ended = new AtomicBoolean();
  private String operation = "chat";
  private String provider = "";
  private String requestModel = "";
  private String responseModel = "";
  private String responseId = "";
  private String[] finishReasons = NO_REASONS;
  private long inputTokens = NOT_REPORTED;
  private long outputTokens = NOT_REPORTED;
  private long cacheReadTokens = NOT_REPORTED;
  private long cacheCreationTokens = NOT_REPORTED;
  private String errorType;
  private String inputMessages;
  private String outputMessages;
  private LlmCost cost = LlmCost.NONE;
  private boolean current;

  private static final String[] NO_REASONS = new String[0];

  LlmCallObservation(Observation parent, LlmCallObservation outer) {
    super(parent == null ? null : parent.task(), parent);
    this.outer = outer;
  }

  /**
   * Sets what the request says; empty or {@code null} values leave a field as it is.
   *
   * @param operation {@code chat}, {@code text_completion}, … ({@code gen_ai.operation.name})
   * @param provider {@code openai}, {@code anthropic}, … ({@code gen_ai.provider.name})
   * @param requestModel the model asked for
   */
  public void setRequest(String operation, String provider, String requestModel) {
    if (has(operation)) {
      this.operation = operation;
    }
    if (has(provider)) {
      this.provider = provider;
    }
    if (has(requestModel)) {
      this.requestModel = requestModel;
    }
  }

  /** Sets what the response says; empty or {@code null} values leave a field as it is. */
  public void setResponse(String responseModel, String responseId, String[] finishReasons) {
    if (has(responseModel)) {
      this.responseModel = responseModel;
    }
    if (has(responseId)) {
      this.responseId = responseId;
    }
    if (finishReasons != null && finishReasons.length > 0) {
      this.finishReasons = finishReasons;
    }
  }

  /**
   * Sets the usage the provider reported; a negative count (not reported) leaves a field as it is.
   * See the class comment for what {@code input} includes.
   */
  public void setUsage(long input, long output, long cacheRead, long cacheCreation) {
    if (input >= 0) {
      inputTokens = input;
    }
    if (output >= 0) {
      outputTokens = output;
    }
    if (cacheRead >= 0) {
      cacheReadTokens = cacheRead;
    }
    if (cacheCreation >= 0) {
      cacheCreationTokens = cacheCreation;
    }
  }

  /**
   * A more telling {@code error.type} than the exception's class, e.g. the provider's error code;
   * only used when the call failed.
   */
  public void setErrorType(String errorType) {
    if (has(errorType)) {
      this.errorType = errorType;
    }
  }

  /**
   * The input messages as {@code gen_ai.input.messages} JSON; set by the instrumentation only when
   * content capture is on, rendered on the span and never in logs. {@code null} leaves it as it is.
   */
  public void setInputMessages(String json) {
    if (json != null) {
      inputMessages = json;
    }
  }

  /** The output messages as {@code gen_ai.output.messages} JSON; see {@link #setInputMessages}. */
  public void setOutputMessages(String json) {
    if (json != null) {
      outputMessages = json;
    }
  }

  /** The captured input messages (JSON), {@code null} when not captured. */
  public String inputMessages() {
    return inputMessages;
  }

  /** The captured output messages (JSON), {@code null} when not captured. */
  public String outputMessages() {
    return outputMessages;
  }

  /** Whether this call runs inside another LLM call on the same thread, and is not reported. */
  public boolean nested() {
    return outer != null;
  }

  public String operation() {
    return operation;
  }

  public String provider() {
    return provider;
  }

  public String requestModel() {
    return requestModel;
  }

  public String responseModel() {
    return responseModel;
  }

  /** The model for metric labels and prices: the one that answered, else the one asked for. */
  public String model() {
    if (!responseModel.isEmpty()) {
      return responseModel;
    }
    return requestModel.isEmpty() ? TokenUsage.UNKNOWN_MODEL : requestModel;
  }

  public String responseId() {
    return responseId;
  }

  public String[] finishReasons() {
    return finishReasons;
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  public long cacheReadTokens() {
    return cacheReadTokens;
  }

  public long cacheCreationTokens() {
    return cacheCreationTokens;
  }

  /** Whether the provider reported any usage at all. */
  public boolean hasUsage() {
    return inputTokens >= 0 || outputTokens >= 0;
  }

  /** What the call cost, from the price table; {@link LlmCost#NONE} until it ended. */
  public LlmCost cost() {
    return cost;
  }

  public boolean failed() {
    return error() != null;
  }

  /** {@code error.type}: the helper's, else the exception's class; {@code null} on success. */
  public String errorType() {
    Throwable error = error();
    if (error == null) {
      return null;
    }
    return errorType != null ? errorType : error.getClass().getName();
  }

  LlmCallObservation outer() {
    return outer;
  }

  boolean isCurrent() {
    return current;
  }

  void setCurrent(boolean current) {
    this.current = current;
  }

  /** True once: the call ends exactly once, whoever (exit, callback, future) gets there first. */
  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }

  void end(Throwable thrown, LlmCost cost) {
    this.cost = cost;
    end(thrown);
  }

  /** What a nested call read fills the gaps of this (outer) call; this call's own values win. */
  void absorb(LlmCallObservation inner) {
    if (requestModel.isEmpty()) {
      requestModel = inner.requestModel;
    }
    if (provider.isEmpty()) {
      provider = inner.provider;
    }
    if (responseModel.isEmpty()) {
      responseModel = inner.responseModel;
    }
    if (responseId.isEmpty()) {
      responseId = inner.responseId;
    }
    if (finishReasons.length == 0) {
      finishReasons = inner.finishReasons;
    }
    if (inputTokens < 0) {
      inputTokens = inner.inputTokens;
    }
    if (outputTokens < 0) {
      outputTokens = inner.outputTokens;
    }
    if (cacheReadTokens < 0) {
      cacheReadTokens = inner.cacheReadTokens;
    }
    if (cacheCreationTokens < 0) {
      cacheCreationTokens = inner.cacheCreationTokens;
    }
    if (inputMessages == null) {
      inputMessages = inner.inputMessages;
    }
    if (outputMessages == null) {
      outputMessages = inner.outputMessages;
    }
    if (errorType == null && inner.error() != null) {
      errorType = inner.errorType();
    }
  }

  private static boolean has(String s) {
    return s != null && !s.isEmpty();
  }

  @Override
  public String toString() {
    return "LlmCall[" + operation + " " + provider + " " + model() + " in=" + inputTokens
        + " out=" + outputTokens + "]";
  }
}
