/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 requests written byte by byte over a socket: the only way to send what a well-behaved
 * client refuses to (control characters and invalid UTF-8 in headers, bare binary bodies).
 */
final class RawHttp {

  private RawHttp() {}

  /**
   * Sends one request and returns the response's status code, or -1 if the server closed the
   * connection without a status line.
   *
   * @param head the request line and header lines, without the final empty line
   */
  static int send(int port, byte[] head, byte[] body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.write(
          ("\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      String status = firstLine(socket.getInputStream());
      String[] parts = status.split(" ");
      return parts.length > 1 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
    }
  }

  /** Concatenates text (ISO-8859-1) and raw byte arrays into one request head. */
  static byte[] head(Object... parts) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    for (Object part : parts) {
      byte[] bytes =
          part instanceof byte[]
              ? (byte[]) part
              : part.toString().getBytes(StandardCharsets.ISO_8859_1);
      head.writeBytes(bytes);
    }
    return head.toByteArray();
  }

  private static String firstLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      line.write(b);
    }
    in.transferTo(OutputStream.nullOutputStream());
    return line.toString(StandardCharsets.ISO_8859_1).trim();
  }
}
