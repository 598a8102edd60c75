/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.config;

import dev.agentobs.agent.config.ConfigOption.Type;
import java.util.List;

/** Every key the agent accepts. Add a key here and nowhere else. */
public final class ConfigOptions {

  public static final ConfigOption CONFIG_FILE =
      new ConfigOption(
          "config.file",
          Type.STRING,
          "",
          "A properties file with more settings (lowest precedence above the defaults).");
  public static final ConfigOption SERVICE_NAME =
      new ConfigOption(
          "service.name",
          Type.STRING,
          "",
          "The service name in logs and on spans. Unset: OTEL_SERVICE_NAME, else agent-service.");
  public static final ConfigOption REQUEST_ID_HEADER =
      new ConfigOption(
          "request.id.header",
          Type.STRING,
          "X-Request-ID",
          "The header a request id is read from and echoed on; generated when absent.");

  public static final ConfigOption METRICS_ENABLED =
      new ConfigOption(
          "metrics.enabled", Type.BOOLEAN, "true", "Serve Prometheus metrics on the sidecar port.");
  public static final ConfigOption METRICS_HOST =
      new ConfigOption(
          "metrics.host",
          Type.STRING,
          "0.0.0.0",
          "The address the metrics sidecar binds to: every interface by default, since Prometheus"
              + " scrapes from another host or pod; 127.0.0.1 keeps it on the machine.");
  public static final ConfigOption METRICS_PORT =
      new ConfigOption("metrics.port", Type.PORT, "9464", "The metrics sidecar port (/metrics).");
  public static final ConfigOption METRICS_AUTH_USERNAME =
      new ConfigOption(
          "metrics.auth.username",
          Type.STRING,
          "",
          "With metrics.auth.password: the sidecar asks for HTTP basic authentication.");
  public static final ConfigOption METRICS_AUTH_PASSWORD =
      new ConfigOption(
          "metrics.auth.password", Type.SECRET, "", "The basic-authentication password.");
  public static final ConfigOption METRICS_TLS_KEYSTORE =
      new ConfigOption(
          "metrics.tls.keystore",
          Type.STRING,
          "",
          "A PKCS12 keystore (path) with the sidecar's key and certificate: /metrics is then served"
              + " over HTTPS only.");
  public static final ConfigOption METRICS_TLS_KEYSTORE_PASSWORD =
      new ConfigOption(
          "metrics.tls.keystore.password", Type.SECRET, "", "The keystore's password.");
  public static final ConfigOption METRICS_START_DELAY_MS =
      new ConfigOption(
          "metrics.start.delay.ms",
          Type.INT,
          "3000",
          "The sidecar starts as soon as the app creates its own JDK HttpServer, or after this"
              + " many ms, so that the app's sun.net.httpserver.* settings still take effect.");
  public static final ConfigOption METRICS_JVM_ENABLED =
      new ConfigOption(
          "metrics.jvm.enabled", Type.BOOLEAN, "true", "Also export JVM and process metrics.");
  public static final ConfigOption METRICS_ENDPOINT_LIMIT =
      new ConfigOption(
          "metrics.endpoint.limit",
          Type.INT,
          "100",
          "Distinct endpoint label values kept; further ones are counted under endpoint=\"other\".");
  public static final ConfigOption METRICS_MODEL_LIMIT =
      new ConfigOption(
          "metrics.model.limit",
          Type.INT,
          "50",
          "Distinct model label values kept (LLM and token metrics); further ones are counted"
              + " under model=\"other\".");

  public static final ConfigOption LOGS_ENABLED =
      new ConfigOption("logs.enabled", Type.BOOLEAN, "true", "Write JSON event logs.");
  public static final ConfigOption LOG_LEVEL =
      new ConfigOption(
          "log.level",
          Type.LEVEL,
          "info",
          "Lowest level of event written; debug also prints the agent's own diagnostics.");
  public static final ConfigOption LOG_PHASE_LEVEL =
      new ConfigOption(
          "log.phase.level",
          Type.LEVEL,
          "debug",
          "Level of the phase_complete line; at the default, debug, a request's info log is its"
              + " task_start and task_complete lines (each phase stays a span and a metric sample;"
              + " phase_error stays error); info adds a line a phase.");
  public static final ConfigOption LOG_DESTINATION =
      new ConfigOption(
          "log.destination",
          Type.DESTINATION,
          "stdout",
          "Where JSON lines go: the process's stdout or stderr, or the file log.file.");
  public static final ConfigOption LOG_FILE =
      new ConfigOption(
          "log.file",
          Type.STRING,
          "agent-obs.log",
          "The file JSON lines are appended to with log.destination=file (relative to the working"
              + " directory).");
  public static final ConfigOption LOG_FILE_MAX_SIZE_MB =
      new ConfigOption(
          "log.file.max.size.mb",
          Type.INT,
          "0",
          "Rotate log.file when it reaches this many MiB: it becomes log.file.1, the older ones"
              + " shift up; 0 never rotates.");
  public static final ConfigOption LOG_FILE_MAX_BACKUPS =
      new ConfigOption(
          "log.file.max.backups",
          Type.INT,
          "5",
          "Rotated files kept (log.file.1 … log.file.N); the oldest is deleted.");
  public static final ConfigOption LOG_QUEUE_SIZE =
      new ConfigOption(
          "log.queue.size",
          Type.INT,
          "65536",
          "Events buffered for the background writer; beyond it events are dropped and counted.");
  public static final ConfigOption LOG_DROP_REPORT_SECONDS =
      new ConfigOption(
          "log.drop.report.seconds",
          Type.INT,
          "10",
          "At most once per this many seconds, a log_events_dropped (or spans_dropped) line reports"
              + " how many log events (or spans) a full queue dropped since the last report.");
  public static final ConfigOption LOG_FIELD_MAX_CHARS =
      new ConfigOption(
          "log.field.max.chars",
          Type.INT,
          "8192",
          "Longer field values (messages, errors, stack traces) are cut to this many characters"
              + " and end with ...[truncated] (at least 16).");
  public static final ConfigOption LOG_REDACT_KEYS =
      new ConfigOption(
          "log.redact.keys",
          Type.STRING,
          "authorization,proxy-authorization,cookie,set-cookie,x-api-key,api-key,api_key,apikey,"
              + "password,passwd,secret,client_secret,token,access_token,refresh_token,id_token",
          "Comma-separated names (case-insensitive) whose values are written as [REDACTED]: as"
              + " field or context (MDC) keys, and as 'name: value' or 'name=value' inside messages"
              + " and errors; 'Bearer <token>' is always redacted.");
  public static final ConfigOption LOG_CORRELATION_ENABLED =
      new ConfigOption(
          "log.correlation.enabled",
          Type.BOOLEAN,
          "true",
          "Put the request, trace and span ids into the app's SLF4J MDC and Log4j 2 ThreadContext"
              + " for the duration of each request and phase (when the app has them).");
  public static final ConfigOption LOG_CORRELATION_REQUEST_ID_KEY =
      new ConfigOption(
          "log.correlation.request.id.key",
          Type.STRING,
          "request_id",
          "The MDC / ThreadContext key of the request id.");
  public static final ConfigOption LOG_CORRELATION_TRACE_ID_KEY =
      new ConfigOption(
          "log.correlation.trace.id.key",
          Type.STRING,
          "trace_id",
          "The MDC / ThreadContext key of the trace id.");
  public static final ConfigOption LOG_CORRELATION_SPAN_ID_KEY =
      new ConfigOption(
          "log.correlation.span.id.key",
          Type.STRING,
          "span_id",
          "The MDC / ThreadContext key of the span id.");
  public static final ConfigOption LOG_REFORMAT =
      new ConfigOption(
          "log.reformat",
          Type.BOOLEAN,
          "false",
          "Write what the app logs to the console through Logback, Log4j 2 or java.util.logging as"
              + " the agent's JSON lines (event app_log, with the correlation ids), through the"
              + " agent's non-blocking writer, instead of the app's own console format. Files and"
              + " other appenders are left as they are.");

  public static final ConfigOption TRACES_ENABLED =
      new ConfigOption(
          "traces.enabled",
          Type.BOOLEAN,
          "true",
          "Create spans and export them over OTLP (configured with the standard OTEL_* variables).");

  public static final ConfigOption LLM_PRICES =
      new ConfigOption(
          "llm.prices",
          Type.STRING,
          "",
          "LLM prices added to or replacing the shipped table, in USD per million tokens:"
              + " model:input/output[/cacheRead[/cacheWrite]] entries separated by ';', e.g."
              + " gpt-4o:2.5/10/1.25;my-model:1/2. A cache price not given is the input price;"
              + " dated ids (gpt-4o-2024-08-06, claude-sonnet-4-5-20250929) are priced as their"
              + " family. A model with no price is counted as unpriced, never guessed.");

  public static final ConfigOption LLM_CAPTURE_CONTENT =
      new ConfigOption(
          "llm.capture.content",
          Type.BOOLEAN,
          "false",
          "Put LLM calls' prompt and completion text on their spans, as the GenAI attributes"
              + " gen_ai.input.messages and gen_ai.output.messages (JSON). Never in log lines. Off:"
              + " nothing is read or kept.");
  public static final ConfigOption LLM_CAPTURE_MAX_CHARS =
      new ConfigOption(
          "llm.capture.max.chars",
          Type.INT,
          "4096",
          "With llm.capture.content: the text of each attribute's messages together is cut to this"
              + " many characters (at least 16), the cut part ending with ...[truncated].");

  public static final ConfigOption PHASES_INCLUDE =
      new ConfigOption(
          "phases.include",
          Type.PHASE_METHODS,
          "",
          "Methods observed as phases with no annotation, as if annotated @AgentPhase:"
              + " Class#method=phase[:agent_type] entries separated by ';', e.g."
              + " com.acme.Planner#plan=planning;com.acme.Steps#*=execution:research. Classes by"
              + " binary name (Outer$Inner); * in a method matches any characters; without"
              + " =phase the method's name is the phase; without :agent_type it is inherited from"
              + " the enclosing phase. A method already annotated @AgentPhase keeps its annotation.");

  public static final ConfigOption PHASE_ENABLED =
      instrumentation("agent-phase", "phases from methods annotated @AgentPhase");
  public static final ConfigOption CACHE_ENABLED =
      instrumentation("agent-cache", "cache hits and misses of methods annotated @AgentCache");
  public static final ConfigOption JDK_HTTPSERVER_ENABLED =
      instrumentation("jdk-httpserver", "a task per request of a com.sun.net.httpserver server");
  public static final ConfigOption SERVLET_ENABLED =
      instrumentation(
          "servlet", "a task per request of a servlet container (jakarta.servlet, javax.servlet)");
  public static final ConfigOption JAVALIN_ENABLED =
      instrumentation("javalin", "Javalin's matched endpoint path as the request's route");
  public static final ConfigOption JAVA_HTTP_CLIENT_ENABLED =
      instrumentation(
          "java-http-client", "a CLIENT span per java.net.http.HttpClient call, context sent along");
  public static final ConfigOption HTTP_URL_CONNECTION_ENABLED =
      instrumentation(
          "http-url-connection", "a CLIENT span per HttpURLConnection call, context sent along");
  public static final ConfigOption EXECUTOR_ENABLED =
      instrumentation(
          "executor",
          "the request's context in tasks run by ThreadPoolExecutor and"
              + " ScheduledThreadPoolExecutor");
  public static final ConfigOption FORK_JOIN_ENABLED =
      instrumentation(
          "fork-join",
          "the request's context in ForkJoinPool tasks: the common pool, parallel streams,"
              + " CompletableFuture async stages");
  public static final ConfigOption THREAD_ENABLED =
      instrumentation(
          "thread", "the request's context in threads started within it, virtual threads included");
  public static final ConfigOption LANGCHAIN4J_ENABLED =
      instrumentation(
          "langchain4j", "an LLM call per LangChain4j ChatModel / StreamingChatModel chat");
  public static final ConfigOption OPENAI_ENABLED =
      instrumentation(
          "openai", "an LLM call per OpenAI Java SDK chat completion or response");
  public static final ConfigOption ANTHROPIC_ENABLED =
      instrumentation(
          "anthropic", "an LLM call per Anthropic Java SDK message (messages API)");
  public static final ConfigOption METHODS_ENABLED =
      instrumentation("methods", "phases from the methods named in phases.include");
  public static final ConfigOption LOGBACK_APPENDER_ENABLED =
      instrumentation("logback-appender", "Logback console output, with log.reformat");
  public static final ConfigOption LOG4J_APPENDER_ENABLED =
      instrumentation("log4j-appender", "Log4j 2 console output, with log.reformat");
  public static final ConfigOption JUL_CONSOLE_ENABLED =
      instrumentation("jul-console", "java.util.logging console output, with log.reformat");

  /** All keys, in documentation order. */
  public static final List<ConfigOption> ALL =
      List.of(
          CONFIG_FILE,
          SERVICE_NAME,
          REQUEST_ID_HEADER,
          METRICS_ENABLED,
          METRICS_HOST,
          METRICS_PORT,
          METRICS_AUTH_USERNAME,
          METRICS_AUTH_PASSWORD,
          METRICS_TLS_KEYSTORE,
          METRICS_TLS_KEYSTORE_PASSWORD,
          METRICS_START_DELAY_MS,
          METRICS_JVM_ENABLED,
          METRICS_ENDPOINT_LIMIT,
          METRICS_MODEL_LIMIT,
          LOGS_ENABLED,
          LOG_LEVEL,
          LOG_PHASE_LEVEL,
          LOG_DESTINATION,
          LOG_FILE,
          LOG_FILE_MAX_SIZE_MB,
          LOG_FILE_MAX_BACKUPS,
          LOG_QUEUE_SIZE,
          LOG_DROP_REPORT_SECONDS,
          LOG_FIELD_MAX_CHARS,
          LOG_REDACT_KEYS,
          LOG_CORRELATION_ENABLED,
          LOG_CORRELATION_REQUEST_ID_KEY,
          LOG_CORRELATION_TRACE_ID_KEY,
          LOG_CORRELATION_SPAN_ID_KEY,
          LOG_REFORMAT,
          TRACES_ENABLED,
          LLM_PRICES,
          LLM_CAPTURE_CONTENT,
          LLM_CAPTURE_MAX_CHARS,
          PHASES_INCLUDE,
          PHASE_ENABLED,
          CACHE_ENABLED,
          JDK_HTTPSERVER_ENABLED,
          SERVLET_ENABLED,
          JAVALIN_ENABLED,
          JAVA_HTTP_CLIENT_ENABLED,
          HTTP_URL_CONNECTION_ENABLED,
          EXECUTOR_ENABLED,
          FORK_JOIN_ENABLED,
          THREAD_ENABLED,
          LANGCHAIN4J_ENABLED,
          OPENAI_ENABLED,
          ANTHROPIC_ENABLED,
          METHODS_ENABLED,
          LOGBACK_APPENDER_ENABLED,
          LOG4J_APPENDER_ENABLED,
          JUL_CONSOLE_ENABLED);

  /** The on/off switch of an instrumentation, named after it (see list-instrumentations). */
  private static ConfigOption instrumentation(String name, String what) {
    return new ConfigOption(
        instrumentationSwitch(name),
        Type.BOOLEAN,
        "true",
        "Switch for the " + name + " instrumentation: " + what + ".");
  }

  /** The key that turns the instrumentation of this kebab-case name on or off. */
  public static String instrumentationSwitch(String name) {
    return "instrumentation." + name + ".enabled";
  }

  private ConfigOptions() {}
}
