/*
 * Copyright The agent-obs Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import dev.agentobs.bootstrap.AgentPhase;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A batch job that logs through Log4j 2 (and one line through java.util.logging), run in
 * source-file mode by AppLogsIT with log4j-api and log4j-core on its class path:
 *
 * <pre>
 * java -javaagent:agent-obs.jar=... -cp bootstrap.jar:log4j-api.jar:log4j-core.jar \
 *   -Dlog4j2.configurationFile=log4j2-console.xml Log4jAgentJob.java THREADS LINES
 * </pre>
 *
 * <p>Each of THREADS threads runs one {@code batch} phase (a root task of its own) that logs LINES
 * lines with hostile characters, a line with secrets, a megabyte line with an exception, and a
 * java.util.logging line, all at once with the other threads.
 */
public class Log4jAgentJob {

  static final String HOSTILE =
      "quote\" backslash\\ nl\n cr\r tab\t nul\u0000 bell\u0007 esc\u001b lone-high\uD800 x"
          + " lone-low\uDC00 pair\uD83D\uDE00 sep\u2028 </script>";

  private static final Logger LOG = LogManager.getLogger(Log4jAgentJob.class);
  private static final java.util.logging.Logger JUL = java.util.logging.Logger.getLogger("jul.job");

  @AgentPhase("batch")
  void batch(int worker, int lines) {
    for (int i = 0; i < lines; i++) {
      LOG.info("worker {} line {} {}", worker, i, HOSTILE);
    }
    LOG.warn("calling with api_key=sk-test-123456 and Authorization: Bearer abcdefghijk");
    LOG.error("megabyte " + "m".repeat(1_000_000), new IllegalStateException("boom\u0000\uD800"));
    JUL.info("from java.util.logging in worker " + worker);
  }

  public static void main(String[] args) throws InterruptedException {
    int threads = Integer.parseInt(args[0]);
    int lines = Integer.parseInt(args[1]);
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      int worker = w;
      Thread t = new Thread(() -> new Log4jAgentJob().batch(worker, lines), "worker-" + w);
      workers.add(t);
      t.start();
    }
    for (Thread t : workers) {
      t.join();
    }
    System.err.println("Log4jAgentJob: done");
  }
}
