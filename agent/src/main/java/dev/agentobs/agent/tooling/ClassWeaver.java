/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.tooling;

/**
 * Weaves a class with plain ASM, without Byte Buddy: for an instrumentation whose woven code is
 * simple enough to write by hand, on a path where Byte Buddy's first use (some hundreds of classes
 * loaded and interpreted, on the thread loading the class) would hold the application's start-up.
 * The pre-filter hands it a class only when its marker is the one that matched; any other class,
 * and any it does not {@link #handles handle}, goes to Byte Buddy.
 */
public interface ClassWeaver {

  /** Whether it can weave these class bytes at all (a class file version it writes frames for). */
  boolean handles(byte[] classFile);

  /** The woven class file, or {@code null} if nothing in it is to be woven. */
  byte[] weave(String internalName, byte[] classFile);
}
