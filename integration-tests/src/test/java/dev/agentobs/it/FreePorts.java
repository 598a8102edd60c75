/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports, for child processes that must be told a port. Taken from below the kernel's
 * ephemeral range where it has one: a port the kernel hands out for {@code bind(0)} and for every
 * outgoing connection can be some connection's local port by the time the child binds it (a
 * ShutdownIT run saw "metrics port … is already in use" so), one outside that range cannot.
 */
final class FreePorts {

  /** Where Linux says its ephemeral ports are: {@code low high}. */
  private static final Path EPHEMERAL = Paths.get("/proc/sys/net/ipv4/ip_local_port_range");

  private static final int LOWEST = 10_000;

  private static final int LINUX_DEFAULT_EPHEMERAL_LOW = 32_768;

  /** One port that was free a moment ago. */
  static int next() {
    return next(1)[0];
  }

  /**
   * {@code count} distinct ports that were free a moment ago, on every interface. All sockets are
   * held open until every port is chosen, so the ports differ from each other.
   */
  static int[] next(int count) {
    int ephemeralLow = ephemeralLow();
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = open(ephemeralLow);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the port is released either way
        }
      }
    }
  }

  private static ServerSocket open(int ephemeralLow) throws IOException {
    for (int attempt = 0; ephemeralLow > LOWEST && attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralLow);
      ServerSocket socket = new ServerSocket();
      try {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(port), 1);
        return socket;
      } catch (IOException taken) {
        socket.close();
      }
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(0), 1);
    return socket;
  }

  /**
   * The lowest ephemeral port, or Linux's default (32768) where that cannot be read or leaves no
   * room below it: CI once gave the app ports 32821 and 43167, so this fell back to {@code bind(0)}
   * there, and the port it gave was some connection's local port by the time the child bound it.
   */
  private static int ephemeralLow() {
    try {
      int low = Integer.parseInt(Files.readString(EPHEMERAL).trim().split("\\s+")[0]);
      return low > LOWEST ? low : LINUX_DEFAULT_EPHEMERAL_LOW;
    } catch (IOException | RuntimeException e) {
      return LINUX_DEFAULT_EPHEMERAL_LOW;
    }
  }

  private FreePorts() {}
}
