/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.agentobs.agent.telemetry.traces;

import dev.agentobs.agent.telemetry.traces.http2.Http2Connection;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads a gRPC call's outcome from its HTTP/2 response (gRPC over HTTP/2, "Responses"): the
 * status from the trailers (or the headers of a trailers-only answer), else from the HTTP status,
 * and the response message without its length prefix.
 */
final class GrpcResponses {

  private GrpcResponses() {}

  static GrpcResponse of(Http2Connection.Response response) {
    String grpcStatus = field(response, "grpc-status");
    int httpStatus = httpStatus(response.headers().get(":status"));
    GrpcStatusCode status;
    String description = field(response, "grpc-message");
    if (grpcStatus != null) {
      status = statusCode(grpcStatus);
    } else {
      status = httpStatus == 200 ? GrpcStatusCode.UNKNOWN : fromHttp(httpStatus);
      if (description == null) {
        description = "HTTP status " + httpStatus + " and no grpc-status";
      }
    }
    byte[] message;
    try {
      message = message(response.body(), field(response, "grpc-encoding"));
    } catch (IOException e) {
      return new Outcome(GrpcStatusCode.INTERNAL, e.getMessage(), new byte[0]);
    }
    return new Outcome(status, description == null ? "" : unescape(description), message);
  }

  private static String field(Http2Connection.Response response, String name) {
    String value = response.trailers().get(name);
    return value != null ? value : response.headers().get(name);
  }

  private static int httpStatus(String status) {
    try {
      return status == null ? -1 : Integer.parseInt(status);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static GrpcStatusCode statusCode(String value) {
    try {
      return GrpcStatusCode.fromValue(Integer.parseInt(value.trim()));
    } catch (RuntimeException e) {
      return GrpcStatusCode.UNKNOWN;
    }
  }

  /** gRPC's "HTTP to gRPC Status Code Mapping", for answers from proxies and the like. */
  private static GrpcStatusCode fromHttp(int status) {
    switch (status) {
      case 400:
        return GrpcStatusCode.INTERNAL;
      case 401:
        return GrpcStatusCode.UNAUTHENTICATED;
      case 403:
        return GrpcStatusCode.PERMISSION_DENIED;
      case 404:
        return GrpcStatusCode.UNIMPLEMENTED;
      case 429:
      case 502:
      case 503:
      case 504:
        return GrpcStatusCode.UNAVAILABLE;
      default:
        return GrpcStatusCode.UNKNOWN;
    }
  }

  private static byte[] message(byte[] body, String encoding) throws IOException {
    if (body.length < 5) {
      return new byte[0];
    }
    boolean compressed = body[0] == 1;
    int length =
        (body[1] & 0xff) << 24 | (body[2] & 0xff) << 16 | (body[3] & 0xff) << 8 | (body[4] & 0xff);
    if (length < 0 || length > body.length - 5) {
      throw new IOException("gRPC response message longer than its body");
    }
    if (!compressed) {
      return Arrays.copyOfRange(body, 5, 5 + length);
    }
    if (!"gzip".equalsIgnoreCase(encoding)) {
      throw new IOException("gRPC response compressed with an unsupported encoding: " + encoding);
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body, 5, length))) {
      return in.readAllBytes();
    }
  }

  /** {@code grpc-message} is percent-encoded UTF-8. */
  private static String unescape(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length()) {
        int hi = Character.digit(value.charAt(i + 1), 16);
        int lo = Character.digit(value.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      out.write(c);
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static final class Outcome implements GrpcResponse {
    private final GrpcStatusCode status;
    private final String description;
    private final byte[] message;

    Outcome(GrpcStatusCode status, String description, byte[] message) {
      this.status = status;
      this.description = description;
      this.message = message;
    }

    @Override
    public GrpcStatusCode getStatusCode() {
      return status;
    }

    @Override
    public String getStatusDescription() {
      return description;
    }

    @Override
    public byte[] getResponseMessage() {
      return message;
    }
  }
}
