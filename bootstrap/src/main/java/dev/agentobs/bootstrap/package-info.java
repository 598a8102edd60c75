/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The compile-time API of agent-obs: {@link dev.agentobs.bootstrap.AgentPhase} and {@link
 * dev.agentobs.bootstrap.AgentCache} for applications, and {@link dev.agentobs.bootstrap.AgentHooks},
 * the bridge that the agent's inlined advice calls. This package depends on nothing but the JDK and
 * is loaded by the bootstrap class loader when the agent is attached.
 */
package dev.agentobs.bootstrap;
