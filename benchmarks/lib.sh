# Shared helpers of the scripts in this folder (sourced, not run).
# shellcheck shell=bash

# awk and sort read and print numbers the same way whatever the caller's locale
export LC_ALL=C

# Processes this script started; killed by cleanup_started on EXIT.
STARTED_PIDS=()

cleanup_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  done
}

# snapshot_jars DIR: copies the built jars into DIR, in the repository's layout (benchmarks.jar
# finds the agent's classes through its manifest Class-Path ../../agent/target/agent-obs-shaded.jar), and points
# BENCH_JAR, SERVICE_JAR and AGENT_JAR at the copies. Another build of the working tree can then
# replace the originals without disturbing a run (a jar rewritten under a running JVM breaks it).
snapshot_jars() {
  local dir=$1 f
  for f in benchmarks/target/benchmarks.jar benchmarks/target/bench-service.jar agent/target/agent-obs.jar \
    agent/target/agent-obs-shaded.jar; do
    [[ -f $ROOT/$f ]] || { echo "missing $ROOT/$f: build first (drop --no-build)" >&2; return 1; }
    mkdir -p "$dir/$(dirname "$f")"
    cp "$ROOT/$f" "$dir/$f"
  done
  BENCH_JAR=$dir/benchmarks/target/benchmarks.jar
  SERVICE_JAR=$dir/benchmarks/target/bench-service.jar
  AGENT_JAR=$dir/agent/target/agent-obs.jar
}

# begin_run NAME BUILD: what each load script does first. Stops every process it starts when it
# exits, checks for wrk, builds (unless BUILD is 0), then sets BUILD_REV, stamp and work (its folder,
# benchmarks/target/NAME-<stamp>) and copies the jars it will run there (snapshot_jars).
begin_run() {
  trap cleanup_started EXIT
  trap 'exit 130' INT TERM
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
  if (($2)); then
    mvn -B -q install -DskipTests -DskipITs
  fi
  BUILD_REV=$(build_revision "$2")
  stamp=$(date -u +%Y-%m-%d-%H%M)
  work=$ROOT/benchmarks/target/$1-$stamp
  mkdir -p "$work" "$ROOT/benchmarks/results"
  snapshot_jars "$work/jars"
}

# A TCP port on 127.0.0.1 that no socket uses and this script has not handed out yet. Taken
# below the kernel's ephemeral range (32768 and up by default), where a client connection made
# meanwhile (wrk's, an exporter's) could take it before the service binds it.
USED_PORTS=" "
free_port() {
  local port low
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for _ in $(seq 200); do
    port=$((10000 + RANDOM % (low - 10000)))
    [[ $USED_PORTS == *" $port "* ]] && continue
    if [[ -z $(ss -Htan "sport = :$port") ]]; then
      USED_PORTS+="$port "
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# wait_http URL SECONDS [PID]: polls until URL answers 2xx; fails if PID dies or time runs out.
wait_http() {
  local url=$1 limit=$2 pid=${3:-}
  local deadline=$((SECONDS + limit))
  until curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid died before $url answered" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "$url did not answer within ${limit}s" >&2
      return 1
    fi
    sleep 0.02
  done
}

# start_sink PORT LOG: an OtlpSink on 127.0.0.1:PORT, registered for cleanup.
start_sink() {
  local port=$1 log=$2
  java -Xmx256m -cp "$BENCH_JAR" dev.agentobs.bench.sink.OtlpSink --port "$port" >"$log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_http "http://127.0.0.1:$port/count" 30 $!
}

# start_service PORT OUT [AGENT_JAR SINK_PORT METRICS_PORT [MORE_AGENT_ARGS]]: the bench service
# (SERVICE_JAR, with SERVICE_OPTS) on 127.0.0.1:PORT, bare or with agent-obs from AGENT_JAR sending
# its spans to the sink on SINK_PORT and serving metrics on METRICS_PORT; stdout and stderr go to
# OUT.out and OUT.err (with READ_STDOUT=1, the agent's stdout to a stdout_reader at OUT). Returns
# once /health answers, with SERVICE_PID set.
start_service() {
  local port=$1 out=$2 jar=${3:-} sink=${4:-} metrics=${5:-} more=${6:-}
  local stdout=$out.out
  # READ_STDOUT=1: the agent's stdout goes to a stdout_reader, as in production
  if [[ -n $jar && ${READ_STDOUT:-0} == 1 ]]; then
    stdout_reader "$out"
    stdout=$STDOUT_FIFO
  fi
  if [[ -z $jar ]]; then
    java "${SERVICE_OPTS[@]}" -jar "$SERVICE_JAR" --port "$port" >"$stdout" 2>"$out.err" &
  else
    OTEL_SERVICE_NAME=bench-service OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink \
      OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
      java "${SERVICE_OPTS[@]}" "-javaagent:$jar=metrics.port=$metrics,metrics.host=127.0.0.1$more" \
      -jar "$SERVICE_JAR" --port "$port" >"$stdout" 2>"$out.err" &
  fi
  SERVICE_PID=$!
  STARTED_PIDS+=("$SERVICE_PID")
  wait_http "http://127.0.0.1:$port/health" 120 "$SERVICE_PID" || { tail -20 "$out.err" >&2; exit 1; }
}

# stdout_reader BASE: a named pipe for a service's stdout, read by another process, as a container
# runtime or journald reads a service's stdout in production: it counts the lines into BASE.lines
# and the task_complete and task_error lines into BASE.tasks, keeps the last 50 in BASE.out.tail,
# all written when the service exits (the pipe is then removed), and copies each line that is not
# a JSON object (another tool's message) to BASE.other at once. Sets STDOUT_FIFO
# and STDOUT_READER (its pid, to wait for). Redirecting stdout to a file instead makes the service
# itself pay for the file's growth: on this 2-core VM, where dd writes the first new gigabyte of a
# file at 3–4 GB/s and the next ones at 0.35–0.65, a file cost agent-obs' log writer 13 µs a
# request, this reader 6 and /dev/null 5 (2026-12-07 12:04 UTC, JDK 17, 2 rounds of 20 s + 15 s
# each); side-by-side.sh --logs-to-file measures the file beside the reader.
stdout_reader() {
  local base=$1
  rm -f "$base.fifo"
  mkfifo "$base.fifo"
  : >"$base.other"
  { awk -v tail="$base.out.tail" -v count="$base.lines" -v other="$base.other" -v tasks="$base.tasks" \
      '{last[NR % 50] = $0}
      /"event":"task_(complete|error)"/ {ended++}
      !/^\{/ {print > other; fflush(other)}
      END {print NR > count; print ended + 0 > tasks
        for (i = NR - 49; i <= NR; i++) if (i > 0) print last[i % 50] > tail}' <"$base.fifo"
    rm -f "$base.fifo"; } &
  STDOUT_READER=$!
  STDOUT_FIFO=$base.fifo
}

# variant_jar VARIANT: the -javaagent jar of bare (none), agent-obs (the build's) or against (the
# jar a script's --against copied into $work/jars/against.jar).
variant_jar() {
  case $1 in
    bare) echo ;;
    agent-obs) echo "$AGENT_JAR" ;;
    against) echo "$work/jars/against.jar" ;;
  esac
}

# The agent settings of agent-obs with no signal (its instrumentation and observer only) and with
# each signal alone; all (or agent-obs) has every signal on. signal-costs.sh and memory.sh --by-signal.
declare -A SIGNAL_SETTINGS=(
  [none]=metrics.enabled=false,logs.enabled=false,traces.enabled=false
  [metrics]=logs.enabled=false,traces.enabled=false
  [logs]=metrics.enabled=false,traces.enabled=false
  [traces]=metrics.enabled=false,logs.enabled=false
)

# median_lines: the median of the numbers on stdin, one a line; "-" if there are none.
median_lines() {
  sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2
  }'
}

# process_ticks PID: the CPU the process has used so far (utime + stime), in clock ticks.
process_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk_requests FILE: the requests wrk completed. wrk_latency_ms FILE PERCENTILE|max: a latency it
# printed (--latency for a percentile), in milliseconds.
wrk_requests() { awk '/requests in/ {print $1}' "$1"; }
wrk_latency_ms() {
  awk -v p="$2" '
    function ms(v,  u) { u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v)
      return u == "us" ? v / 1000 : u == "ms" ? v : u == "s" ? v * 1000 : u == "m" ? v * 60000 : v }
    p == "max" && $1 == "Latency" {print ms($4)}
    p != "max" && $1 == p "%" {print ms($2)}' "$1"
}

sink_count() {
  curl -fsS --max-time 5 "http://127.0.0.1:$1/count"
}

# settle_sink PORT QUIET_SECONDS MAX_SECONDS: waits until the sink's count has not moved for
# QUIET_SECONDS (longer than the exporters' batch delay), at most MAX_SECONDS; prints the count.
settle_sink() {
  local port=$1 quiet=$2 limit=$3
  local last now still=0 deadline=$((SECONDS + limit))
  last=$(sink_count "$port")
  while ((still < quiet && SECONDS < deadline)); do
    sleep 1
    now=$(sink_count "$port")
    if [[ $now == "$last" ]]; then
      still=$((still + 1))
    else
      still=0
      last=$now
    fi
  done
  echo "$last"
}

# build_revision BUILT: what the jars were built from, taken before the run (the tree may move on).
# With --no-build the jar may predate the tree: its build time is shown, and a source of the agent
# or bootstrap modified since (an edit, a checkout, a revert) is flagged, since the run then
# measures something the tree no longer holds.
build_revision() {
  local rev jar=$ROOT/agent/target/agent-obs.jar found
  rev=$(git -C "$ROOT" rev-parse --short HEAD)
  git -C "$ROOT" diff --quiet HEAD -- agent bootstrap || rev+=" + uncommitted agent/bootstrap changes"
  if ! (($1)); then
    found="jars as found (--no-build), agent jar built $(date -u -r "$jar" '+%Y-%m-%d %H:%M UTC')"
    if [[ -n $(find "$ROOT/agent/src/main" "$ROOT/bootstrap/src/main" -type f -newer "$jar" -print -quit) ]]; then
      found+=" BEFORE the last change to the agent's or bootstrap's sources (stale?)"
    fi
    rev="$found; tree at $rev"
  fi
  echo "$rev"
}

machine_header() {
  local jdk cpu
  jdk=$(java -version 2>&1 | sed -n 2p)
  cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC') · JDK: ${jdk} · CPU: ${cpu} · cores: $(nproc)" \
    "· agent-obs: ${BUILD_REV} · load average at the end (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
}

# An awk function, role(name): the role of a thread by its name (a kernel comm, at most 15
# characters, or a profiler's full name), as thread_ticks and profile.sh report it.
THREAD_ROLE_AWK='
function role(n) {
  if (n ~ /^pool-/) return "app threads (request handlers)"
  if (n ~ /^HTTP-Dispatcher/) return "JDK HttpServer dispatcher"
  if (n ~ /^agent-obs-log/) return "agent-obs log writer"
  if (n ~ /^(agent-obs-span|BatchSpanProces)/) return "span batch processor (encodes)"
  if (n ~ /^agent-obs-otlp/) return "span sender"
  if (n ~ /^C[12][_ ]Compiler/) return "JIT compilers"
  if (n ~ /^(GC[_ ]|G1[_ ])/) return "GC"
  if (n ~ /^(agent-obs|elastic-apm|OkHttp|otel|HttpClient)/) return "other agent threads"
  return "other"
}
'

# Per-thread CPU ticks of a process, each thread with its role (pool-1-thread-3 -> app threads, ...):
# where an agent's CPU goes, counted by the kernel rather than sampled. As tid<TAB>role<TAB>ticks.
thread_ticks() { # pid
  local t name
  for t in /proc/"$1"/task/*; do
    # a thread that ends meanwhile: its files are gone, and it is not counted
    name=$(tr ' ' '_' 2>/dev/null <"$t/comm") || continue
    awk -v n="$name" -v tid="${t##*/}" '{sub(/.*\) /, ""); print tid, n, $12 + $13}' "$t/stat" 2>/dev/null
  done | awk -v OFS='\t' "$THREAD_ROLE_AWK"'{print $1, role($2), $3}'
}

# thread_record VARIANT REQUESTS BEFORE AFTER: µs per request by thread role over a measured window,
# from two thread_ticks snapshots, as variant<TAB>role<TAB>µs. Threads are matched by id: one
# started meanwhile counts whole, one that ended meanwhile is lost (its last ticks are unknown),
# and neither can turn a role's figure negative, as subtracting sums taken by role did when a
# thread ended and another of its role started.
thread_record() {
  awk -F'\t' -v OFS='\t' -v v="$1" -v req="$2" -v tck="$(getconf CLK_TCK)" '
    NR == FNR {before[$1] = $3; next}
    {role[$2] += $3 - ($1 in before ? before[$1] : 0)}
    END {for (r in role) print v, r, role[r] / tck * 1e6 / req}' \
    <(echo "$3") <(echo "$4")
}

# thread_table FILE VARIANT...: the markdown table of thread_record lines, medians over the rounds.
thread_table() {
  local file=$1 role v
  shift
  echo "| thread | $(printf '%s | ' "$@")"
  echo "|---|$(printf -- '---|%.0s' "$@")"
  cut -f2 "$file" | sort -u | while IFS= read -r role; do
    printf '| %s |' "$role"
    for v in "$@"; do
      awk -F'\t' -v v="$v" -v r="$role" '$1 == v && $2 == r {print $3}' "$file" | sort -g |
        awk '{a[NR] = $1} END {if (NR == 0) printf " — |"; else printf " %.1f |", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
    done
    echo
  done
}
