/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.agentobs.agent.tooling.AdviceBinding;
import dev.agentobs.agent.tooling.AgentInstrumentation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Observes LangChain4j 1.x chat models, any provider: every {@code chat(...)} and {@code doChat}
 * of {@code ChatModel} and {@code StreamingChatModel}, the interfaces' default methods and their
 * implementations' overrides alike. One user call goes through several of them ({@code
 * chat(String)} → {@code chat(ChatRequest)} → {@code doChat}): the outermost is the observation,
 * the inner ones are nested and only lend it the response the outer one does not see. A streaming
 * call ends when its handler hears the complete response or the error.
 */
public final class LangChain4jInstrumentation implements AgentInstrumentation {

  static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
  static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";
  static final String CHAT_RESPONSE = "dev.langchain4j.model.chat.response.ChatResponse";
  static final String HANDLER = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";

  @Override
  public String name() {
    return "langchain4j";
  }

  @Override
  public String description() {
    return "an LLM call per LangChain4j ChatModel / StreamingChatModel chat, any provider";
  }

  /**
   * The interfaces' internal names: in the constant pool of the interfaces themselves and of every
   * class that implements one directly (and of callers, which the type matcher then drops).
   */
  @Override
  public List<String> classFileMarkers() {
    return List.of(
        "dev/langchain4j/model/chat/ChatModel", "dev/langchain4j/model/chat/StreamingChatModel");
  }

  @Override
  public ElementMatcher<? super TypeDescription> types() {
    return hasSuperType(named(CHAT_MODEL).or(named(STREAMING_CHAT_MODEL)));
  }

  @Override
  public List<AdviceBinding> advice() {
    ElementMatcher.Junction<MethodDescription> chat =
        isMethod().and(isPublic()).and(not(isAbstract())).and(named("chat").or(named("doChat")));
    ElementMatcher.Junction<MethodDescription> sync =
        chat.and(
            returns(named(CHAT_RESPONSE))
                .or(takesArguments(1).and(takesArgument(0, String.class)).and(returns(String.class))));
    ElementMatcher.Junction<MethodDescription> streaming =
        chat.and(takesArguments(2)).and(takesArgument(1, named(HANDLER)));
    return List.of(
        new AdviceBinding(sync.and(takesArguments(1).or(takesArguments(2))),
            ChatModelAdvice.class.getName()),
        // chat(request, options, handler) ends in doChat(request, handler), observed there
        new AdviceBinding(streaming, StreamingChatAdvice.class.getName()));
  }
}
