/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import io.opentelemetry.sdk.common.export.HttpResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Locale;

/**
 * One HTTP/1.1 connection to a collector, one request at a time, kept alive between them. It
 * speaks as much HTTP as a POST of a protobuf request needs: the request with a
 * {@code Content-Length}, and a response delimited by its length, by chunks or by the end of the
 * connection, informational answers skipped. Not thread-safe: a sender thread holds it for an
 * exchange.
 */
final class Http1Connection implements Closeable {

  private static final int MAX_LINE = 8 * 1024;
  private static final int MAX_HEADERS = 100;
  /** Response bytes past the caller's limit still read to keep the connection; more closes it. */
  private static final long MAX_SKIPPED = 1024 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final StringBuilder line = new StringBuilder();
  private boolean reusable = true;
  private long idleSinceNanos;

  /** @param socket connected, secured if it is to be, watched by the attempt's deadline */
  Http1Connection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
  }

  /** The request body, written to the connection's stream. */
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Sends {@code head} (the request line and headers, ending in an empty line) and {@code body},
   * and reads the response. The response body is kept up to {@code maxBody} bytes.
   *
   * @throws NoAnswer if the connection ended before the first byte of an answer
   */
  Response exchange(byte[] head, Body body, long maxBody) throws IOException {
    reusable = false; // until the whole response has been read
    try {
      out.write(head);
      body.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new NoAnswer("the collector's connection failed while the request was sent", e);
    }
    Response response = readResponse(maxBody);
    idleSinceNanos = System.nanoTime();
    return response;
  }

  /** Whether the last exchange left the connection ready for another. */
  boolean isReusable() {
    return reusable && !socket.isClosed();
  }

  /** Whether it has waited unused for longer than {@code nanos}, as collectors close such ones. */
  boolean idleLongerThan(long nanos) {
    return System.nanoTime() - idleSinceNanos > nanos;
  }

  @Override
  public void close() {
    reusable = false;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all that was wanted
    }
  }

  private Response readResponse(long maxBody) throws IOException {
    int first;
    try {
      first = in.read();
    } catch (IOException e) {
      throw new NoAnswer("the collector's connection failed before it answered", e);
    }
    if (first < 0) {
      throw new NoAnswer("the collector closed the connection without answering", null);
    }
    String status = statusLine(first);
    int code = statusCode(status);
    while (code >= 100 && code < 200) { // 100 Continue and the like: the answer comes after
      headers();
      status = statusLine(in.read());
      code = statusCode(status);
    }
    Headers headers = headers();
    boolean http10 = status.startsWith("HTTP/1.0");
    boolean keepAlive = http10 ? headers.keepAlive : !headers.close;
    byte[] body;
    if (code == 204 || code == 304) {
      body = new byte[0];
    } else if (headers.chunked) {
      body = chunked(maxBody);
    } else if (headers.contentLength >= 0) {
      body = fixed(headers.contentLength, maxBody);
      keepAlive &= headers.contentLength - body.length <= MAX_SKIPPED;
      skip(headers.contentLength - body.length, keepAlive);
    } else {
      body = toEnd(maxBody);
      keepAlive = false;
    }
    int space = status.indexOf(' ', 9);
    String message = space < 0 ? "" : status.substring(space + 1);
    reusable = keepAlive;
    return new Response(code, message, body);
  }

  private String statusLine(int first) throws IOException {
    if (first < 0) {
      throw new IOException("the collector closed the connection in the middle of its answer");
    }
    String status;
    try {
      status = line(first, "status line");
    } catch (IOException e) {
      String start = line.toString();
      if (start.startsWith("HTTP/1.") || "HTTP/1.".startsWith(start)) {
        throw e;
      }
      throw new NotHttp(start); // a binary answer, e.g. HTTP/2's GOAWAY, has no line end
    }
    if (!status.startsWith("HTTP/1.")) {
      throw new NotHttp(status);
    }
    return status;
  }

  private static int statusCode(String status) throws IOException {
    if (status.length() < 12 || status.charAt(8) != ' '
        || (status.length() > 12 && status.charAt(12) != ' ')) {
      throw new NotHttp(status);
    }
    try {
      return Integer.parseInt(status.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new NotHttp(status);
    }
  }

  /** The header fields this client acts on. */
  private static final class Headers {
    long contentLength = -1;
    boolean chunked;
    boolean close;
    boolean keepAlive;
  }

  private Headers headers() throws IOException {
    Headers headers = new Headers();
    for (int count = 0; ; count++) {
      String field = line(in.read(), "header");
      if (field.isEmpty()) {
        return headers;
      }
      if (count >= MAX_HEADERS) {
        throw new IOException("the collector's answer has more than " + MAX_HEADERS + " headers");
      }
      int colon = field.indexOf(':');
      if (colon <= 0) {
        continue; // not a header: tolerated, as most clients do
      }
      String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = field.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      if (name.equals("content-length")) {
        headers.contentLength = contentLength(value, headers.contentLength);
      } else if (name.equals("transfer-encoding")) {
        headers.chunked = value.endsWith("chunked");
      } else if (name.equals("connection")) {
        headers.close |= value.contains("close");
        headers.keepAlive |= value.contains("keep-alive");
      }
    }
  }

  private static long contentLength(String value, long earlier) throws IOException {
    long length;
    try {
      length = Long.parseLong(value);
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0 || (earlier >= 0 && earlier != length)) {
      throw new IOException("the collector's answer has a bad Content-Length: " + value);
    }
    return length;
  }

  /** A line without its CR LF, read as ISO-8859-1 (HTTP's header bytes). */
  private String line(int first, String what) throws IOException {
    line.setLength(0);
    for (int b = first; ; b = in.read()) {
      if (b < 0) {
        throw new IOException("the collector's answer ended inside a " + what);
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("the collector's answer has a " + what + " over " + MAX_LINE
            + " bytes");
      }
      line.append((char) b);
    }
  }

  private byte[] fixed(long length, long maxBody) throws IOException {
    int keep = (int) Math.min(Math.min(length, maxBody), Integer.MAX_VALUE - 8);
    byte[] body = in.readNBytes(keep);
    if (body.length < keep) {
      throw new IOException("the collector's answer ended before its Content-Length");
    }
    return body;
  }

  /** Reads {@code count} more bytes of a body past the limit, if the connection is to be kept. */
  private void skip(long count, boolean keep) throws IOException {
    if (!keep) {
      return;
    }
    while (count > 0) {
      long skipped = in.skip(count);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("the collector's answer ended before its Content-Length");
        }
        skipped = 1;
      }
      count -= skipped;
    }
  }

  private byte[] chunked(long maxBody) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long total = 0;
    while (true) {
      String sizeLine = line(in.read(), "chunk size");
      int extension = sizeLine.indexOf(';');
      long size;
      try {
        size = Long.parseLong(
            (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 0) {
        throw new IOException("the collector's answer has a bad chunk size: " + sizeLine);
      }
      if (size == 0) {
        while (!line(in.read(), "trailer").isEmpty()) {
          // trailers: nothing here needs them
        }
        return body.toByteArray();
      }
      total += size;
      if (total - maxBody > MAX_SKIPPED) {
        throw new IOException("the collector's answer is over " + maxBody + " bytes");
      }
      long keep = Math.max(0, Math.min(size, maxBody - body.size()));
      byte[] part = fixed(keep, keep);
      body.write(part, 0, part.length);
      skip(size - keep, true);
      if (!line(in.read(), "chunk").isEmpty()) {
        throw new IOException("the collector's answer has a chunk longer than its size");
      }
    }
  }

  private byte[] toEnd(long maxBody) throws IOException {
    byte[] body = in.readNBytes((int) Math.min(maxBody, Integer.MAX_VALUE - 8));
    in.transferTo(OutputStream.nullOutputStream());
    return body;
  }

  /** What the collector answered. */
  static final class Response implements HttpResponse {
    private final int status;
    private final String message;
    private final byte[] body;

    Response(int status, String message, byte[] body) {
      this.status = status;
      this.message = message == null ? "" : message;
      this.body = body;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getStatusMessage() {
      return message;
    }

    @Override
    public byte[] getResponseBody() {
      return body;
    }
  }

  /**
   * The connection ended, or failed, before any of the answer arrived: on a kept connection, most
   * likely one the collector had closed while it was idle, so the request was not processed.
   */
  static final class NoAnswer extends IOException {
    NoAnswer(String message, IOException cause) {
      super(message, cause);
    }
  }

  /** The peer answered with something that is not HTTP/1.x (an HTTP/2-only gRPC port, say). */
  static final class NotHttp extends IOException {
    NotHttp(String firstLine) {
      super("not an HTTP/1.x answer: "
          + firstLine.substring(0, Math.min(40, firstLine.length())).replaceAll("[^ -~]", "?"));
    }
  }
}
