/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OTLP endpoint that misbehaves in one way: refuses connections, accepts them and never answers,
 * answers every export with an HTTP error, or answers after a long pause. On loopback, real
 * sockets.
 */
final class BadCollector implements AutoCloseable {

  /** How it misbehaves. */
  enum Fault {
    REFUSES,
    NEVER_ANSWERS,
    ANSWERS_500,
    ANSWERS_429,
    ANSWERS_SLOWLY
  }

  private final int port;
  private final AtomicInteger exportsSeen = new AtomicInteger();
  private final List<Socket> heldOpen = new CopyOnWriteArrayList<>();
  private HttpServer http;
  private ServerSocket silent;

  private BadCollector(Fault fault) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    switch (fault) {
      case REFUSES:
        port = FreePorts.next(1)[0]; // nothing listens there
        break;
      case NEVER_ANSWERS:
        silent = new ServerSocket(0, 50, loopback);
        port = silent.getLocalPort();
        Thread acceptor = new Thread(this::acceptAndHold, "bad-collector-silent");
        acceptor.setDaemon(true);
        acceptor.start();
        break;
      default:
        http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        int status = fault == Fault.ANSWERS_429 ? 429 : fault == Fault.ANSWERS_500 ? 500 : 200;
        long pauseMillis = fault == Fault.ANSWERS_SLOWLY ? 3_000 : 0;
        http.createContext(
            "/",
            exchange -> {
              exportsSeen.incrementAndGet();
              exchange.getRequestBody().readAllBytes();
              Await.sleep(java.time.Duration.ofMillis(pauseMillis));
              exchange.sendResponseHeaders(status, -1);
              exchange.close();
            });
        http.setExecutor(Executors.newCachedThreadPool());
        http.start();
        port = http.getAddress().getPort();
    }
  }

  static BadCollector start(Fault fault) throws IOException {
    return new BadCollector(fault);
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Export requests that reached an HTTP handler (not counted for the socket faults). */
  int exportsSeen() {
    return exportsSeen.get();
  }

  private void acceptAndHold() {
    while (!silent.isClosed()) {
      try {
        heldOpen.add(silent.accept()); // read nothing, answer nothing
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (http != null) {
      http.stop(0);
    }
    if (silent != null) {
      silent.close();
      for (Socket socket : heldOpen) {
        socket.close();
      }
    }
  }
}
