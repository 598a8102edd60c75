/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.bench.profile;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM with its option string as given: {@code profile.sh}
 * drives async-profiler this way. {@code jcmd PID JVMTI.agent_load} cannot: its argument parser
 * takes {@code start,event=cpu} for an option named {@code start,event}.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.agentobs.bench.profile.LoadNativeAgent \
 *     PID /path/libasyncProfiler.so start,event=cpu
 * }</pre>
 */
public final class LoadNativeAgent {

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: LoadNativeAgent PID LIBRARY OPTIONS");
      System.exit(2);
    }
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    try {
      vm.loadAgentPath(args[1], args[2]);
    } finally {
      vm.detach();
    }
  }

  private LoadNativeAgent() {}
}
