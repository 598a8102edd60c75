/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An app that tunes the JDK HttpServer the way real services do, run in source-file mode by
 * SidecarLeavesJvmSettingsIT with the agent attached. Writes nothing to stdout (that is the agent's
 * JSON log stream).
 *
 * <pre>
 * java -javaagent:agent-obs.jar=... --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED \
 *      HttpSettingsProbe.java PORT
 *   sleeps 300 ms, sets sun.net.httpserver.nodelay=true, serves GET /props on 127.0.0.1:PORT:
 *   {"maxReqTime":..,"maxRspTime":..,"noDelay":..,
 *    "effectiveMaxReqTime":..,"effectiveMaxRspTime":..}
 *   (the two system properties as the app sees them, null if unset; the values the JDK server
 *   really uses, read from sun.net.httpserver.ServerConfig)
 *
 * java -javaagent:agent-obs.jar=... HttpSettingsProbe.java --no-server FILE MILLIS
 *   never creates a server: sleeps MILLIS, writes {"maxReqTime":..,"maxRspTime":..} to FILE, exits
 * </pre>
 */
public class HttpSettingsProbe {

  private static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
  private static final String MAX_RSP_TIME = "sun.net.httpserver.maxRspTime";

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--no-server")) {
      Thread.sleep(Long.parseLong(args[2]));
      Path file = Path.of(args[1]);
      Path partial = Path.of(args[1] + ".partial");
      Files.writeString(partial, "{" + properties() + "}");
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      System.err.println("HttpSettingsProbe: wrote " + file);
      return;
    }
    Thread.sleep(300); // the agent's background start-up is under way
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
    server.createContext("/props", new PropsHandler());
    server.start();
    System.err.println("HttpSettingsProbe: serving on port " + args[0]);
  }

  /**
   * A handler class, not a lambda: the agent does not see handlers written as lambdas or method
   * references (their hidden classes never reach a class-file transformer).
   */
  static final class PropsHandler implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      answerProps(exchange);
    }
  }

  private static void answerProps(HttpExchange exchange) throws IOException {
    String json;
    try {
      json =
          "{"
              + properties()
              + ",\"noDelay\":"
              + serverConfig("noDelay")
              + ",\"effectiveMaxReqTime\":"
              + serverConfig("getMaxReqTime")
              + ",\"effectiveMaxRspTime\":"
              + serverConfig("getMaxRspTime")
              + "}";
    } catch (ReflectiveOperationException e) {
      json = "{\"error\":" + quoted(e.toString()) + "}";
    }
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String properties() {
    return "\"maxReqTime\":"
        + quoted(System.getProperty(MAX_REQ_TIME))
        + ",\"maxRspTime\":"
        + quoted(System.getProperty(MAX_RSP_TIME));
  }

  /** A static no-argument method of the JDK's (package-private) sun.net.httpserver.ServerConfig. */
  private static Object serverConfig(String method) throws ReflectiveOperationException {
    Method getter = Class.forName("sun.net.httpserver.ServerConfig").getDeclaredMethod(method);
    getter.setAccessible(true);
    return getter.invoke(null);
  }

  private static String quoted(String value) {
    if (value == null) {
      return "null";
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
