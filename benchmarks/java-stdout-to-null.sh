#!/usr/bin/env bash
# A `-jvm` for JMH: the forked benchmark JVM with its stdout file descriptor sent to /dev/null.
# The agent (and EventLog driven directly) writes its JSON lines there, as a service whose stdout
# goes to a file would; JMH talks to its forks over a socket and still shows their System.out.
exec "${JMH_FORK_JAVA:-java}" "$@" >/dev/null
