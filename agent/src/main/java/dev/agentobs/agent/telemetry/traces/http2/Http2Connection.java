/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces.http2;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A client's HTTP/2 connection (RFC 9113) that carries one request at a time: enough for unary
 * gRPC calls, which is all an OTLP exporter makes. Cleartext endpoints are spoken to with prior
 * knowledge (section 3.3), as gRPC servers expect; TLS endpoints negotiate {@code h2} with ALPN.
 *
 * <p>Not thread-safe: a caller owns the connection for the length of an {@link #exchange}. Any
 * failure leaves it {@link #isReusable() unusable}; the caller closes it.
 */
public final class Http2Connection implements Closeable {

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private static final int DATA = 0x0;
  private static final int HEADERS = 0x1;
  private static final int RST_STREAM = 0x3;
  private static final int SETTINGS = 0x4;
  private static final int PUSH_PROMISE = 0x5;
  private static final int PING = 0x6;
  private static final int GOAWAY = 0x7;
  private static final int WINDOW_UPDATE = 0x8;
  private static final int CONTINUATION = 0x9;

  private static final int FLAG_END_STREAM = 0x1;
  private static final int FLAG_ACK = 0x1;
  private static final int FLAG_END_HEADERS = 0x4;
  private static final int FLAG_PADDED = 0x8;
  private static final int FLAG_PRIORITY = 0x20;

  private static final int SETTING_ENABLE_PUSH = 0x2;
  private static final int SETTING_INITIAL_WINDOW_SIZE = 0x4;
  private static final int SETTING_MAX_FRAME_SIZE = 0x5;

  /** The payload length of each frame type that has one (GOAWAY: at least), else -1. */
  private static final int[] FIXED_LENGTHS = {-1, -1, 5, 4, -1, -1, 8, 8, 4, -1, -1};

  private static final int DEFAULT_WINDOW = 65_535;
  /** The largest frame the peer may send us: we never raise SETTINGS_MAX_FRAME_SIZE. */
  private static final int MAX_INBOUND_FRAME = 16_384;
  /** Header blocks beyond this (a CONTINUATION flood, say) end the connection. */
  private static final int MAX_HEADER_BLOCK = 256 * 1024;

  private final Socket socket;
  private final String scheme;
  private final String authority;
  private final DataInputStream in;
  private final OutputStream out;
  private final HpackDecoder hpack = new HpackDecoder();
  private final byte[] payload = new byte[MAX_INBOUND_FRAME];

  private int nextStreamId = 1;
  private long connectionWindow = DEFAULT_WINDOW;
  private int peerInitialWindow = DEFAULT_WINDOW;
  private int peerMaxFrame = 16_384;
  private boolean broken;
  private boolean goingAway;
  private Exchange current;

  private Http2Connection(Socket socket, String scheme, String authority) throws IOException {
    this.socket = socket;
    this.scheme = scheme;
    this.authority = authority;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024 + 9);
  }

  /**
   * Starts HTTP/2 on a connected socket, already secured if {@code secure} (with "h2" negotiated
   * by ALPN): both prefaces. Blocks until the server's SETTINGS arrive, so a server that does not
   * speak HTTP/2 (an OTLP/HTTP port, say) is told apart here, with a clear message.
   */
  public static Http2Connection start(Socket transport, boolean secure, String host, int port)
      throws IOException {
    Http2Connection connection =
        new Http2Connection(transport, secure ? "https" : "http", host + ":" + port);
    connection.handshake(host + ":" + port);
    return connection;
  }

  private void handshake(String endpoint) throws IOException {
    out.write(PREFACE);
    writeFrameHeader(6, SETTINGS, 0, 0);
    writeShort(SETTING_ENABLE_PUSH);
    out.write(new byte[] {0, 0, 0, 0});
    out.flush();
    int length;
    int type;
    try {
      length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
      type = in.readUnsignedByte();
    } catch (EOFException e) {
      type = -1;
      length = 0;
    }
    if (type != SETTINGS || length % 6 != 0 || length > MAX_INBOUND_FRAME) {
      broken = true;
      throw new IOException(
          endpoint
              + " does not speak HTTP/2 (gRPC): is it an OTLP/HTTP port? Use"
              + " OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf for those");
    }
    int flags = in.readUnsignedByte();
    in.readInt();
    settings(length, flags);
  }

  /** Whether another exchange may start here: no error, no GOAWAY, stream ids left. */
  public boolean isReusable() {
    return !broken && !goingAway && nextStreamId > 0 && !socket.isClosed();
  }

  /**
   * Reads what the server sent while the connection was idle (SETTINGS, PING, GOAWAY), without
   * blocking, so a connection the server is leaving is not picked for the next request.
   */
  public void drainIdle() throws IOException {
    while (isReusable() && in.available() >= 9) {
      readFrame();
    }
  }

  /** Closes the socket: unblocks a thread inside {@link #exchange} (a deadline passing). */
  @Override
  public void close() {
    broken = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all that was wanted
    }
  }

  /** Writes the request body: the exchange frames it into DATA frames as flow control allows. */
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Sends a POST with {@code headers} (lower-case names) and {@code body}, and reads the response
   * to the end of its stream.
   *
   * @param maxResponseBody the most response body bytes accepted
   * @throws RefusedStreamException if the server refused the stream: it did not process it
   */
  public Response exchange(
      String path, Map<String, String> headers, Body body, long maxResponseBody)
      throws IOException {
    if (!isReusable()) {
      throw new IOException("HTTP/2 connection to " + authority + " cannot take a new request");
    }
    int streamId = nextStreamId;
    nextStreamId += 2; // turns negative when ids run out: isReusable() then says no
    current = new Exchange(streamId, maxResponseBody);
    try {
      writeHeaders(streamId, path, headers);
      try (OutputStream data = new DataStream(current)) {
        body.writeTo(data);
      }
      out.flush();
      while (!current.ended) {
        readFrame();
      }
      return current.response;
    } catch (EOFException | SocketException e) {
      broken = true;
      if (streamId > 1 && !current.headersSeen) {
        // a connection the server closed while it lay idle: the request most likely never arrived
        throw new RefusedStreamException(
            "the server closed the idle HTTP/2 connection to " + authority, e);
      }
      throw e instanceof EOFException
          ? new EOFException("the server closed the HTTP/2 connection to " + authority)
          : e;
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    } finally {
      current = null;
    }
  }

  private void writeHeaders(int streamId, String path, Map<String, String> headers)
      throws IOException {
    HeaderBlock block = new HeaderBlock();
    block.indexed("http".equals(scheme) ? 6 : 7); // :scheme
    block.indexed(3); // :method POST
    block.literal(4, path); // :path
    block.literal(1, authority); // :authority
    for (Map.Entry<String, String> header : headers.entrySet()) {
      block.literal(header.getKey(), header.getValue());
    }
    byte[] bytes = block.buffer();
    int length = block.size();
    int offset = 0;
    int type = HEADERS;
    do {
      int chunk = Math.min(length - offset, peerMaxFrame);
      boolean last = offset + chunk == length;
      writeFrameHeader(chunk, type, last ? FLAG_END_HEADERS : 0, streamId);
      out.write(bytes, offset, chunk);
      offset += chunk;
      type = CONTINUATION;
    } while (offset < length);
  }

  private void readFrame() throws IOException {
    int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedByte();
    int streamId = in.readInt() & 0x7fffffff;
    if (length > MAX_INBOUND_FRAME) {
      throw new IOException("HTTP/2: a frame of " + length + " bytes, beyond the 16,384 allowed");
    }
    int fixedLength = FIXED_LENGTHS[Math.min(type, FIXED_LENGTHS.length - 1)];
    if (fixedLength >= 0 && (type == GOAWAY ? length < fixedLength : length != fixedLength)) {
      throw new IOException("HTTP/2: a frame of type " + type + " with " + length + " bytes");
    }
    switch (type) {
      case DATA:
        data(length, flags, streamId);
        break;
      case HEADERS:
        headers(length, flags, streamId);
        break;
      case RST_STREAM:
        in.readFully(payload, 0, length);
        if (current != null && streamId == current.streamId) {
          int code = length >= 4 ? readInt(payload, 0) : -1;
          if (code == RefusedStreamException.REFUSED_STREAM) {
            throw new RefusedStreamException("the server refused the stream (REFUSED_STREAM)");
          }
          if (code != 0 || !current.headersSeen) {
            throw new IOException("HTTP/2: the server reset the stream, error code " + code);
          }
          current.ended = true; // NO_ERROR after a complete response: it stops our upload
        }
        break;
      case SETTINGS:
        settings(length, flags);
        break;
      case PING:
        in.readFully(payload, 0, length);
        if ((flags & FLAG_ACK) == 0) {
          writeFrameHeader(8, PING, FLAG_ACK, 0);
          out.write(payload, 0, 8);
          out.flush();
        }
        break;
      case GOAWAY:
        in.readFully(payload, 0, length);
        goingAway = true;
        int lastStreamId = readInt(payload, 0) & 0x7fffffff;
        if (current != null && current.streamId > lastStreamId) {
          throw new RefusedStreamException("the server is closing the connection (GOAWAY)");
        }
        break;
      case WINDOW_UPDATE:
        in.readFully(payload, 0, length);
        int increment = readInt(payload, 0) & 0x7fffffff;
        if (streamId == 0) {
          connectionWindow += increment;
        } else if (current != null && streamId == current.streamId) {
          current.sendWindow += increment;
        }
        break;
      case PUSH_PROMISE:
        throw new IOException("HTTP/2: PUSH_PROMISE after SETTINGS_ENABLE_PUSH=0");
      case CONTINUATION:
        throw new IOException("HTTP/2: CONTINUATION without HEADERS");
      default: // PRIORITY and unknown types carry nothing we need
        in.readFully(payload, 0, length);
    }
  }

  private void data(int length, int flags, int streamId) throws IOException {
    in.readFully(payload, 0, length);
    if (length > 0) { // give the window back at once: responses here are small
      writeWindowUpdate(0, length);
      if ((flags & FLAG_END_STREAM) == 0) {
        writeWindowUpdate(streamId, length);
      }
      out.flush();
    }
    if (current == null || streamId != current.streamId) {
      return;
    }
    int start = (flags & FLAG_PADDED) != 0 ? 1 : 0;
    int padding = start == 1 && length > 0 ? payload[0] & 0xff : 0;
    if (start + padding > length) {
      throw new IOException("HTTP/2: DATA padding longer than the frame");
    }
    current.body(payload, start, length - start - padding);
    if ((flags & FLAG_END_STREAM) != 0) {
      current.ended = true;
    }
  }

  private void headers(int length, int flags, int streamId) throws IOException {
    in.readFully(payload, 0, length);
    int start = 0;
    int padding = 0;
    if ((flags & FLAG_PADDED) != 0 && length > 0) {
      padding = payload[0] & 0xff;
      start = 1;
    }
    if ((flags & FLAG_PRIORITY) != 0) {
      start += 5;
    }
    if (start + padding > length) {
      throw new IOException("HTTP/2: HEADERS padding longer than the frame");
    }
    ByteArrayOutputStream block = new ByteArrayOutputStream(length);
    block.write(payload, start, length - start - padding);
    boolean endHeaders = (flags & FLAG_END_HEADERS) != 0;
    while (!endHeaders) {
      int nextLength = in.readUnsignedByte() << 16 | in.readUnsignedShort();
      int nextType = in.readUnsignedByte();
      int nextFlags = in.readUnsignedByte();
      int nextStream = in.readInt() & 0x7fffffff;
      if (nextType != CONTINUATION
          || nextStream != streamId
          || nextLength > MAX_INBOUND_FRAME
          || block.size() + nextLength > MAX_HEADER_BLOCK) {
        throw new IOException("HTTP/2: a header block broken off or too large");
      }
      in.readFully(payload, 0, nextLength);
      block.write(payload, 0, nextLength);
      endHeaders = (nextFlags & FLAG_END_HEADERS) != 0;
    }
    Map<String, String> fields = new HashMap<>();
    hpack.decode(block.toByteArray(), block.size(), fields::put);
    if (current != null && streamId == current.streamId) {
      current.headers(fields);
      if ((flags & FLAG_END_STREAM) != 0) {
        current.ended = true;
      }
    }
  }

  private void settings(int length, int flags) throws IOException {
    if (length % 6 != 0 || length > MAX_INBOUND_FRAME) {
      throw new IOException("HTTP/2: a SETTINGS frame of " + length + " bytes");
    }
    in.readFully(payload, 0, length);
    if ((flags & FLAG_ACK) != 0) {
      return;
    }
    for (int i = 0; i < length; i += 6) {
      int id = (payload[i] & 0xff) << 8 | (payload[i + 1] & 0xff);
      int value = readInt(payload, i + 2);
      if (id == SETTING_INITIAL_WINDOW_SIZE) {
        if (value < 0) {
          throw new IOException("HTTP/2: SETTINGS_INITIAL_WINDOW_SIZE beyond 2^31-1");
        }
        if (current != null) {
          current.sendWindow += value - peerInitialWindow;
        }
        peerInitialWindow = value;
      } else if (id == SETTING_MAX_FRAME_SIZE) {
        if (value < 16_384 || value > 16_777_215) {
          throw new IOException("HTTP/2: SETTINGS_MAX_FRAME_SIZE " + value);
        }
        peerMaxFrame = value;
      }
    }
    writeFrameHeader(0, SETTINGS, FLAG_ACK, 0);
    out.flush();
  }

  private void writeWindowUpdate(int streamId, int increment) throws IOException {
    writeFrameHeader(4, WINDOW_UPDATE, 0, streamId);
    writeInt(increment);
  }

  private void writeFrameHeader(int length, int type, int flags, int streamId)
      throws IOException {
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    out.write(type);
    out.write(flags);
    writeInt(streamId);
  }

  private void writeShort(int value) throws IOException {
    out.write(value >>> 8);
    out.write(value);
  }

  private void writeInt(int value) throws IOException {
    writeShort(value >>> 16);
    writeShort(value);
  }

  private static int readInt(byte[] bytes, int offset) {
    return (bytes[offset] & 0xff) << 24
        | (bytes[offset + 1] & 0xff) << 16
        | (bytes[offset + 2] & 0xff) << 8
        | (bytes[offset + 3] & 0xff);
  }

  /** A response: its header fields, its trailer fields (empty if none) and its body. */
  public static final class Response {
    private Map<String, String> headers = Map.of();
    private Map<String, String> trailers = Map.of();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public Map<String, String> headers() {
      return headers;
    }

    public Map<String, String> trailers() {
      return trailers;
    }

    public byte[] body() {
      return body.toByteArray();
    }
  }

  /** The stream in progress: its send window and the response read so far. */
  private final class Exchange {
    final int streamId;
    final long maxBody;
    final Response response = new Response();
    long sendWindow = peerInitialWindow;
    boolean headersSeen;
    boolean ended;

    Exchange(int streamId, long maxBody) {
      this.streamId = streamId;
      this.maxBody = maxBody;
    }

    void headers(Map<String, String> fields) {
      if (!headersSeen) {
        response.headers = fields;
        headersSeen = true;
      } else {
        response.trailers = fields;
      }
    }

    void body(byte[] bytes, int offset, int length) throws IOException {
      if (response.body.size() + (long) length > maxBody) {
        throw new IOException("HTTP/2: response body beyond the limit of " + maxBody + " bytes");
      }
      response.body.write(bytes, offset, length);
    }
  }

  /**
   * The request body as DATA frames of at most 16 KB, each sent when both windows allow: while
   * they are shut, it reads the server's frames (WINDOW_UPDATE among them).
   */
  private final class DataStream extends OutputStream {
    private final Exchange exchange;
    private final byte[] buffer = new byte[16_384];
    private int count;

    DataStream(Exchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public void write(int b) throws IOException {
      if (count == buffer.length) {
        send(false);
      }
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        if (count == buffer.length) {
          send(false);
        }
        int chunk = Math.min(length, buffer.length - count);
        System.arraycopy(bytes, offset, buffer, count, chunk);
        count += chunk;
        offset += chunk;
        length -= chunk;
      }
    }

    @Override
    public void close() throws IOException {
      send(true);
    }

    private void send(boolean endStream) throws IOException {
      int sent = 0;
      do {
        if (exchange.ended) { // the server answered before the whole request: stop sending
          break;
        }
        long window = Math.min(connectionWindow, exchange.sendWindow);
        int chunk = (int) Math.max(0, Math.min(window, count - sent));
        if (chunk == 0 && sent < count) {
          out.flush();
          readFrame();
          continue;
        }
        boolean last = endStream && sent + chunk == count;
        if (chunk > 0 || last) { // an empty frame only to end the stream
          writeFrameHeader(chunk, DATA, last ? FLAG_END_STREAM : 0, exchange.streamId);
          out.write(buffer, sent, chunk);
          sent += chunk;
          connectionWindow -= chunk;
          exchange.sendWindow -= chunk;
        }
      } while (sent < count);
      count = 0;
    }
  }

  /** The literal header fields of a request, never Huffman-coded nor added to a table. */
  private static final class HeaderBlock extends ByteArrayOutputStream {
    void indexed(int index) {
      write(0x80 | index);
    }

    /** A literal without indexing, its name from the static table. */
    void literal(int nameIndex, String value) {
      write(nameIndex); // 0000 and a 4-bit index: the indexes used here are below 15
      string(value);
    }

    /** A literal without indexing, with a new name. */
    void literal(String name, String value) {
      write(0);
      string(name);
      string(value);
    }

    private void string(String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      integer(bytes.length, 7, 0);
      write(bytes, 0, bytes.length);
    }

    private void integer(int value, int prefixBits, int firstByte) {
      int max = (1 << prefixBits) - 1;
      if (value < max) {
        write(firstByte | value);
        return;
      }
      write(firstByte | max);
      value -= max;
      while (value >= 0x80) {
        write((value & 0x7f) | 0x80);
        value >>>= 7;
      }
      write(value);
    }

    byte[] buffer() {
      return buf;
    }
  }

  /**
   * The server did not process the request (a refused stream, a GOAWAY before it), or most likely
   * did not (a reused connection closed before any answer): it may be sent again at once on a new
   * connection.
   */
  public static final class RefusedStreamException extends IOException {
    static final int REFUSED_STREAM = 0x7;

    RefusedStreamException(String message) {
      super(message);
    }

    RefusedStreamException(String message, IOException cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }
}
