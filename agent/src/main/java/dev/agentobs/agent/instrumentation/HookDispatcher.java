/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation;

import dev.agentobs.agent.instrumentation.anthropic.AnthropicLibrary;
import dev.agentobs.agent.instrumentation.cache.CacheHelper;
import dev.agentobs.agent.instrumentation.context.ContextPropagation;
import dev.agentobs.agent.instrumentation.http.Propagation;
import dev.agentobs.agent.instrumentation.httpclient.HttpClientHelper;
import dev.agentobs.agent.instrumentation.javalin.JavalinHelper;
import dev.agentobs.agent.instrumentation.jdkhttp.JdkHttpServerHelper;
import dev.agentobs.agent.instrumentation.julconsole.JulConsoleHelper;
import dev.agentobs.agent.instrumentation.langchain4j.LangChain4jLibrary;
import dev.agentobs.agent.instrumentation.llm.LlmCalls;
import dev.agentobs.agent.instrumentation.log4j.Log4jHelper;
import dev.agentobs.agent.instrumentation.logback.LogbackHelper;
import dev.agentobs.agent.instrumentation.openai.OpenAiLibrary;
import dev.agentobs.agent.instrumentation.phase.PhaseHelper;
import dev.agentobs.agent.instrumentation.servlet.ServletHelper;
import dev.agentobs.agent.instrumentation.urlconnection.UrlConnectionHelper;
import dev.agentobs.agent.internal.AgentLog;
import dev.agentobs.agent.observation.Observer;
import dev.agentobs.bootstrap.AgentHooks;

/**
 * The agent side of {@link AgentHooks}: routes each hook to its instrumentation's helper. Every
 * failure stops here, counted, so none reaches the application.
 */
public final class HookDispatcher implements AgentHooks.Dispatcher {

  private final Observer observer;
  private final JdkHttpServerHelper http;
  private final PhaseHelper phases;
  private final CacheHelper caches;
  private final LogbackHelper logback;
  private final Log4jHelper log4j;
  private final JulConsoleHelper jul;
  private final ServletHelper servlets;
  private final JavalinHelper javalin;
  private final HttpClientHelper httpClient;
  private final UrlConnectionHelper urlConnections;
  private final LlmCalls llmCalls;
  private final ContextPropagation context;

  public HookDispatcher(Observer observer, String requestIdHeader) {
    this.observer = observer;
    this.http = new JdkHttpServerHelper(observer, requestIdHeader);
    this.phases = new PhaseHelper(observer);
    this.caches = new CacheHelper(observer);
    this.logback = new LogbackHelper(observer);
    this.log4j = new Log4jHelper(observer);
    this.jul = new JulConsoleHelper(observer);
    this.servlets = new ServletHelper(observer, requestIdHeader);
    this.javalin = new JavalinHelper(observer);
    Propagation propagation = new Propagation(requestIdHeader);
    this.httpClient = new HttpClientHelper(observer, propagation);
    this.urlConnections = new UrlConnectionHelper(observer, propagation);
    // one LlmLibrary per LLM client instrumentation, looked up by the name its advice passes
    this.llmCalls =
        new LlmCalls(
            observer, new LangChain4jLibrary(), new OpenAiLibrary(), new AnthropicLibrary());
    this.context = new ContextPropagation(observer);
  }

  @Override
  public Object captureContext(Object task) {
    try {
      return context.capture(task);
    } catch (Throwable t) {
      failed("context", t);
      return null;
    }
  }

  @Override
  public Object attachContext(Object captured) {
    try {
      return context.attach(captured);
    } catch (Throwable t) {
      failed("context", t);
      return null;
    }
  }

  @Override
  public void detachContext(Object scope) {
    try {
      context.detach(scope);
    } catch (Throwable t) {
      failed("context", t);
    }
  }

  @Override
  public Object pauseContext() {
    try {
      return context.pause();
    } catch (Throwable t) {
      failed("context", t);
      return null;
    }
  }

  @Override
  public void resumeContext(Object paused) {
    try {
      context.resume(paused);
    } catch (Throwable t) {
      failed("context", t);
    }
  }

  @Override
  public Object servletEnter(Object request, Object response) {
    try {
      return servlets.enter(request, response);
    } catch (Throwable t) {
      failed("servlet", t);
      return null;
    }
  }

  @Override
  public void servletExit(Object scope, Object request, Object response, Throwable thrown) {
    try {
      servlets.exit(scope, request, response, thrown);
    } catch (Throwable t) {
      failed("servlet", t);
    }
  }

  @Override
  public void javalinEndpoint(Object endpoint) {
    try {
      javalin.endpoint(endpoint);
    } catch (Throwable t) {
      failed("javalin", t);
    }
  }

  @Override
  public Object httpClientEnter(Object request) {
    try {
      return httpClient.enter(request);
    } catch (Throwable t) {
      failed("java-http-client", t);
      return null;
    }
  }

  @Override
  public Object httpClientRequest(Object scope, Object request) {
    try {
      return httpClient.request(scope, request);
    } catch (Throwable t) {
      failed("java-http-client", t);
      return null;
    }
  }

  @Override
  public void httpClientExit(Object scope, Object future, Throwable thrown) {
    try {
      httpClient.exit(scope, future, thrown);
    } catch (Throwable t) {
      failed("java-http-client", t);
    }
  }

  @Override
  public void urlConnectionEnter(Object connection, boolean connected) {
    try {
      urlConnections.enter(connection, connected);
    } catch (Throwable t) {
      failed("http-url-connection", t);
    }
  }

  @Override
  public void urlConnectionExit(
      Object connection, int responseCode, Throwable thrown, boolean responseRead) {
    try {
      urlConnections.exit(connection, responseCode, thrown, responseRead);
    } catch (Throwable t) {
      failed("http-url-connection", t);
    }
  }

  @Override
  public Object httpServerEnter(Object exchange) {
    try {
      return http.enter(exchange);
    } catch (Throwable t) {
      failed("jdk-httpserver", t);
      return null;
    }
  }

  @Override
  public void httpServerExit(Object scope, Object exchange, Throwable thrown) {
    try {
      http.exit(scope, exchange, thrown);
    } catch (Throwable t) {
      failed("jdk-httpserver", t);
    }
  }

  @Override
  public Object phaseEnter(
      String phase, String agent, String declaringType, String codeFunction) {
    try {
      return phases.enter(phase, agent, declaringType, codeFunction);
    } catch (Throwable t) {
      failed("agent-phase", t);
      return null;
    }
  }

  @Override
  public void phaseExit(Object scope, Object returned, Throwable thrown) {
    try {
      phases.exit(scope, returned, thrown);
    } catch (Throwable t) {
      failed("agent-phase", t);
    }
  }

  @Override
  public Object llmCallEnter(String library, Object client, Object request) {
    try {
      return llmCalls.enter(library, client, request);
    } catch (Throwable t) {
      failed(library, t);
      return null;
    }
  }

  @Override
  public Object llmCallCallback(Object scope, Object callback) {
    try {
      return llmCalls.callback(scope, callback);
    } catch (Throwable t) {
      failed(LlmCalls.libraryOf(scope), t);
      return null;
    }
  }

  @Override
  public void llmCallExit(Object scope, Object returned, Throwable thrown) {
    try {
      llmCalls.exit(scope, returned, thrown);
    } catch (Throwable t) {
      failed(LlmCalls.libraryOf(scope), t);
    }
  }

  @Override
  public void cacheLookupExit(String cache, String declaringType, Object returned, Throwable thrown) {
    try {
      caches.exit(cache, declaringType, returned, thrown);
    } catch (Throwable t) {
      failed("agent-cache", t);
    }
  }

  @Override
  public boolean logbackAppend(Object appender, Object event) {
    try {
      return logback.append(appender, event);
    } catch (Throwable t) {
      failed("logback-appender", t);
      return false;
    }
  }

  @Override
  public boolean log4jAppend(Object appender, Object event) {
    try {
      return log4j.append(appender, event);
    } catch (Throwable t) {
      failed("log4j-appender", t);
      return false;
    }
  }

  @Override
  public boolean julPublish(Object handler, Object record) {
    try {
      return jul.publish(handler, record);
    } catch (Throwable t) {
      failed("jul-console", t);
      return false;
    }
  }

  @Override
  public void adviceError(Throwable error) {
    AgentLog.debugOnce("advice-" + error.getClass().getName(), "advice failed: " + error);
  }

  private void failed(String instrumentation, Throwable t) {
    observer.stats().internalError();
    AgentLog.debugOnce(
        instrumentation + t.getClass().getName(), instrumentation + " hook failed: " + t);
  }
}
