/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.metrics;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * What the metrics sidecar may be asked for and by whom: only {@code /metrics} and the health
 * check answer (everything else is a 404, never a page about the process), optionally behind HTTP
 * basic authentication and TLS. A half-given setting (a user without a password, a keystore that
 * does not open) is refused with one line rather than served in the clear.
 */
public final class SidecarSecurity {

  private final String username;
  private final String password;
  private final String keystore;
  private final String keystorePassword;

  public SidecarSecurity(
      String username, String password, String keystore, String keystorePassword) {
    this.username = username == null ? "" : username;
    this.password = password == null ? "" : password;
    this.keystore = keystore == null ? "" : keystore;
    this.keystorePassword = keystorePassword == null ? "" : keystorePassword;
  }

  /** Applies the settings to the builder; throws with a message for the one warning line. */
  HTTPServer.Builder apply(HTTPServer.Builder builder) throws IOException {
    builder.defaultHandler(new NotFound());
    if (username.isEmpty() != password.isEmpty()) {
      throw new IOException(
          "metrics.auth.username and metrics.auth.password must be set together");
    }
    if (!username.isEmpty()) {
      builder.authenticator(new Basic(username, password));
    }
    if (!keystore.isEmpty()) {
      builder.httpsConfigurator(new HttpsConfigurator(sslContext()));
    }
    return builder;
  }

  public String scheme() {
    return keystore.isEmpty() ? "http" : "https";
  }

  private SSLContext sslContext() throws IOException {
    char[] secret = keystorePassword.toCharArray();
    try (InputStream in = Files.newInputStream(Path.of(keystore))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, secret);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, secret);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IOException("metrics.tls.keystore " + keystore + " cannot be used: " + e, e);
    }
  }

  /** Basic authentication with a comparison that takes as long for every wrong password. */
  private static final class Basic extends BasicAuthenticator {
    private final byte[] username;
    private final byte[] password;

    Basic(String username, String password) {
      super("agent-obs metrics");
      this.username = username.getBytes(StandardCharsets.UTF_8);
      this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean checkCredentials(String user, String pass) {
      boolean userOk = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
      boolean passOk = MessageDigest.isEqual(password, pass.getBytes(StandardCharsets.UTF_8));
      return userOk & passOk;
    }
  }

  /** The answer for every path but the metrics and the health check. */
  public static final class NotFound implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      try {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(404, -1);
      } finally {
        exchange.close();
      }
    }
  }
}
