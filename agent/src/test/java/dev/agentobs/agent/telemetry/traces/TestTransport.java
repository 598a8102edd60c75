/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManagerFactory;

/** What the senders' tests put between them and a real server: a certificate, a cutting proxy. */
final class TestTransport {

  static final char[] PASSWORD = "changeit".toCharArray();

  /** A key and certificate for localhost, made by the JDK's keytool. */
  static KeyStore selfSignedLocalhost(Path dir) throws Exception {
    return selfSigned(dir, "SAN=dns:localhost,ip:127.0.0.1");
  }

  /** A key and certificate for the names {@code san} gives, in keytool's {@code -ext} form. */
  static KeyStore selfSigned(Path dir, String san) throws Exception {
    Path file = dir.resolve("server-" + Math.abs(san.hashCode()) + ".p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", san,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor()).as("keytool: %s", output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keys.load(in, PASSWORD);
    }
    return keys;
  }

  /** Trust managers that trust {@code keys}' certificate, and no other. */
  static TrustManagerFactory trustingOnly(KeyStore keys) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("server", keys.getCertificate("server"));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    return trust;
  }

  /** Forwards TCP connections to the server, and can cut them all at once, without a word. */
  static final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener =
        new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    CuttingProxy(int upstreamPort) throws IOException {
      Thread acceptor =
          new Thread(
              () -> {
                while (!listener.isClosed()) {
                  try {
                    Socket client = listener.accept();
                    accepted.incrementAndGet();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    /** The connections made to it so far. */
    int accepted() {
      return accepted.get();
    }

    void cutAll() throws IOException {
      for (Socket socket : sockets) {
        socket.close();
      }
      sockets.clear();
    }

    private static void pump(Socket from, Socket to) {
      Thread pump =
          new Thread(
              () -> {
                try {
                  from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException e) {
                  // cut
                }
              });
      pump.setDaemon(true);
      pump.start();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      cutAll();
    }
  }

  private TestTransport() {}
}
