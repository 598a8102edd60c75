/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.observation.ClientCallObservation;
import dev.agentobs.agent.observation.LlmCallObservation;
import dev.agentobs.agent.observation.LlmTotals;
import dev.agentobs.agent.observation.Observation;
import dev.agentobs.agent.observation.PhaseObservation;
import dev.agentobs.agent.observation.TaskObservation;
import dev.agentobs.agent.observation.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import java.util.Arrays;
import java.util.List;

/**
 * What each kind of observation looks like as a span: name, kind, attributes and outcome. Read on
 * the exporter's thread, from an observation that has ended.
 */
abstract class SpanShape {

  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request.id");
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> PHASE = AttributeKey.stringKey("agent.phase");
  static final AttributeKey<String> AGENT_TYPE = AttributeKey.stringKey("agent.type");
  static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function.name");
  static final AttributeKey<String> MODEL = AttributeKey.stringKey("agent.model");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("agent.tokens.input");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("agent.tokens.output");
  static final AttributeKey<Long> TOTAL_TOKENS = AttributeKey.longKey("agent.tokens.total");
  static final AttributeKey<String> CACHE_NAME = AttributeKey.stringKey("agent.cache.name");
  static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("agent.cache.hit");
  static final AttributeKey<String> GEN_AI_OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> GEN_AI_PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> GEN_AI_REQUEST_MODEL =
      AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> GEN_AI_RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<String> GEN_AI_RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<List<String>> GEN_AI_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Long> GEN_AI_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> GEN_AI_CACHE_READ_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> GEN_AI_CACHE_CREATION_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
  static final AttributeKey<String> GEN_AI_INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> GEN_AI_OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<Double> LLM_COST = AttributeKey.doubleKey("agent.llm.cost_usd");
  static final AttributeKey<Long> LLM_CALLS = AttributeKey.longKey("agent.llm.calls");

  /** A SERVER span per HTTP request, after the HTTP semantic conventions. */
  static final SpanShape HTTP_SERVER =
      new SpanShape(SpanKind.SERVER) {
        @Override
        String name(Observation o) {
          return ((TaskObservation) o).name();
        }

        @Override
        void putAttributes(Observation o, AttributesBuilder b) {
          TaskObservation task = (TaskObservation) o;
          b.put(HTTP_METHOD, task.httpMethod())
              .put(URL_PATH, task.path())
              .put(HTTP_ROUTE, task.route())
              .put(REQUEST_ID, task.requestId())
              .put(HTTP_STATUS, (long) task.statusCode());
          putErrorType(b, task.error(), task.statusCode(), 500);
        }

        @Override
        boolean failed(Observation o) {
          return ((TaskObservation) o).failed();
        }
      };

  /**
   * A CLIENT span per outgoing HTTP call, after the HTTP client semantic conventions: named by the
   * method (a URL is no low-cardinality name); a 4xx or 5xx answer is an error, as is no answer.
   */
  static final SpanShape HTTP_CLIENT =
      new SpanShape(SpanKind.CLIENT) {
        @Override
        String name(Observation o) {
          return ((ClientCallObservation) o).method();
        }

        @Override
        void putAttributes(Observation o, AttributesBuilder b) {
          ClientCallObservation call = (ClientCallObservation) o;
          b.put(HTTP_METHOD, call.method())
              .put(SERVER_ADDRESS, call.host())
              .put(SERVER_PORT, (long) call.port())
              .put(URL_FULL, call.url());
          if (!call.requestId().isEmpty()) {
            b.put(REQUEST_ID, call.requestId());
          }
          if (call.statusCode() > 0) {
            b.put(HTTP_STATUS, (long) call.statusCode());
          }
          putErrorType(b, call.error(), call.statusCode(), 400);
        }

        @Override
        boolean failed(Observation o) {
          return ((ClientCallObservation) o).failed();
        }
      };

  /**
   * A CLIENT span per LLM call, after the GenAI semantic conventions: named {@code {operation}
   * {request model}}, with the usage the provider reported and nothing it did not, and the messages
   * only when content capture is on.
   */
  static final SpanShape LLM_CALL =
      new SpanShape(SpanKind.CLIENT) {
        @Override
        String name(Observation o) {
          LlmCallObservation call = (LlmCallObservation) o;
          String model = call.requestModel().isEmpty() ? call.responseModel() : call.requestModel();
          return model.isEmpty() ? call.operation() : call.operation() + " " + model;
        }

        @Override
        void putAttributes(Observation o, AttributesBuilder b) {
          LlmCallObservation call = (LlmCallObservation) o;
          b.put(GEN_AI_OPERATION, call.operation());
          putIfSet(b, GEN_AI_PROVIDER, call.provider());
          putIfSet(b, GEN_AI_REQUEST_MODEL, call.requestModel());
          putIfSet(b, GEN_AI_RESPONSE_MODEL, call.responseModel());
          putIfSet(b, GEN_AI_RESPONSE_ID, call.responseId());
          if (call.finishReasons().length > 0) {
            b.put(GEN_AI_FINISH_REASONS, Arrays.asList(call.finishReasons()));
          }
          putIfReported(b, GEN_AI_INPUT_TOKENS, call.inputTokens());
          putIfReported(b, GEN_AI_OUTPUT_TOKENS, call.outputTokens());
          putIfReported(b, GEN_AI_CACHE_READ_TOKENS, call.cacheReadTokens());
          putIfReported(b, GEN_AI_CACHE_CREATION_TOKENS, call.cacheCreationTokens());
          if (call.cost().priced()) {
            b.put(LLM_COST, call.cost().usd());
          }
          if (call.inputMessages() != null) {
            b.put(GEN_AI_INPUT_MESSAGES, call.inputMessages());
          }
          if (call.outputMessages() != null) {
            b.put(GEN_AI_OUTPUT_MESSAGES, call.outputMessages());
          }
          if (!call.requestId().isEmpty()) {
            b.put(REQUEST_ID, call.requestId());
          }
          String errorType = call.errorType();
          if (errorType != null) {
            b.put(ERROR_TYPE, errorType);
          }
        }

        @Override
        boolean failed(Observation o) {
          return o.error() != null;
        }
      };

  /** The root of a trace whose phase ran outside any request (a batch job, a scheduled run). */
  static final SpanShape ROOT_TASK =
      new SpanShape(SpanKind.INTERNAL) {
        @Override
        String name(Observation o) {
          return "task " + ((TaskObservation) o).name();
        }

        @Override
        void putAttributes(Observation o, AttributesBuilder b) {
          b.put(REQUEST_ID, o.requestId());
          Throwable error = o.error();
          if (error != null) {
            b.put(ERROR_TYPE, error.getClass().getName());
          }
        }

        @Override
        boolean failed(Observation o) {
          return ((TaskObservation) o).failed();
        }
      };

  /**
   * An INTERNAL span per phase, named by the phase, with the tokens its return value reported or,
   * when the agent saw its LLM calls, their totals.
   */
  static final SpanShape PHASE_SPAN =
      new SpanShape(SpanKind.INTERNAL) {
        @Override
        String name(Observation o) {
          return ((PhaseObservation) o).phase();
        }

        @Override
        void putAttributes(Observation o, AttributesBuilder b) {
          PhaseObservation phase = (PhaseObservation) o;
          b.put(REQUEST_ID, phase.requestId())
              .put(PHASE, phase.phase())
              .put(AGENT_TYPE, phase.agentType())
              .put(CODE_FUNCTION, phase.codeFunction());
          TokenUsage tokens = phase.tokens();
          LlmTotals llm = phase.llmTotals();
          if (tokens == null && llm != null) {
            putIfSet(b, MODEL, llm.model() == null ? "" : llm.model());
            b.put(INPUT_TOKENS, llm.inputTokens());
            b.put(OUTPUT_TOKENS, llm.outputTokens());
            b.put(TOTAL_TOKENS, llm.totalTokens());
            b.put(LLM_CALLS, llm.calls());
            b.put(LLM_COST, llm.costPicoUsd() / 1e12);
          }
          if (tokens != null) {
            b.put(MODEL, tokens.model());
            if (tokens.inputTokens() >= 0) {
              b.put(INPUT_TOKENS, tokens.inputTokens());
            }
            if (tokens.outputTokens() >= 0) {
              b.put(OUTPUT_TOKENS, tokens.outputTokens());
            }
            b.put(TOTAL_TOKENS, tokens.total());
          }
          Throwable error = phase.error();
          if (error != null) {
            b.put(ERROR_TYPE, error.getClass().getName());
          }
        }

        @Override
        boolean failed(Observation o) {
          return o.error() != null;
        }
      };

  /**
   * Whether {@code key}'s values come from a small set (names from the app's annotations and code,
   * models, routes), so their encoded bytes are worth keeping rather than made for every span.
   * Every such key is a string key: the encoder takes the value as a {@code String}.
   */
  static boolean hasFewValues(AttributeKey<?> key) {
    return key == PHASE
        || key == AGENT_TYPE
        || key == CODE_FUNCTION
        || key == MODEL
        || key == HTTP_ROUTE
        || key == GEN_AI_OPERATION
        || key == GEN_AI_PROVIDER;
  }

  /**
   * {@code error.type} after the HTTP conventions: the exception's class, else the status code
   * when it is an error for this side ({@code errorFrom}: 500 for a server, 400 for a client).
   */
  static void putErrorType(AttributesBuilder b, Throwable error, int statusCode, int errorFrom) {
    if (error != null) {
      b.put(ERROR_TYPE, error.getClass().getName());
    } else if (statusCode >= errorFrom) {
      b.put(ERROR_TYPE, Integer.toString(statusCode));
    }
  }

  private static void putIfSet(AttributesBuilder b, AttributeKey<String> key, String value) {
    if (!value.isEmpty()) {
      b.put(key, value);
    }
  }

  private static void putIfReported(AttributesBuilder b, AttributeKey<Long> key, long count) {
    if (count >= 0) {
      b.put(key, count);
    }
  }

  private final SpanKind kind;

  private SpanShape(SpanKind kind) {
    this.kind = kind;
  }

  final SpanKind kind() {
    return kind;
  }

  abstract String name(Observation o);

  /** The span's attributes, built (for a reader other than {@link OtlpSpanEncoder}). */
  final Attributes attributes(Observation o) {
    AttributesBuilder b = SpanAttributes.builder();
    putAttributes(o, b);
    return b.build();
  }

  /**
   * Puts the span's attributes into {@code b}, each key at most once: into a builder, or straight
   * into the request the encoder is writing, which keeps every put.
   */
  abstract void putAttributes(Observation o, AttributesBuilder b);

  abstract boolean failed(Observation o);
}
