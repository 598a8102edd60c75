/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.sdk.core.http;

import java.util.stream.Stream;

/** The shape of a Stainless SDK's blocking streamed response, for tests. */
public interface StreamResponse<T> extends AutoCloseable {

  Stream<T> stream();

  @Override
  void close();
}
