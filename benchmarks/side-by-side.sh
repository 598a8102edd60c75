#!/usr/bin/env bash
# Side-by-side load run of the bench service: no agent, agent-obs, the OpenTelemetry Java agent
# and (if it downloads) the Elastic APM agent, interleaved, under wrk on loopback. Writes
# benchmarks/results/side-by-side-<date>.md.
#
#   benchmarks/side-by-side.sh [--quick] [--no-build] [--rounds N] [--warm-up S] [--measure S]
#                              [--no-elastic] [--work-bytes N] [--phases-info] [--logs-to-file]
#
# Default: 3 rounds, 10 s warm-up + 20 s measured per run, about 10 minutes. --quick: 1 round,
# 3 s + 8 s, about 2 minutes. On 2 cores the JIT is still compiling 10 s into the load (the bare
# service too); --warm-up 60 measures closer to the steady state. Needs wrk (Debian: apt-get
# install wrk). Everything listens on and talks to 127.0.0.1 only; every process started here is
# stopped on exit. --work-bytes N: bytes each phase hashes (default 512, about a microsecond);
# a larger N makes a service whose own CPU per request is nearer a real one's, and the ratios
# to bare (throughput, p99) depend on that, while an agent's own µs per request hardly does.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib.sh
source benchmarks/lib.sh

OTEL_AGENT_VERSION=${OTEL_AGENT_VERSION:-2.31.1}
ELASTIC_AGENT_VERSION=${ELASTIC_AGENT_VERSION:-1.55.1}
PHASES_CLASS=dev.agentobs.bench.BenchPhases
PHASE_METHODS=(plan research analyze write synthesize)
# JVM options for the service in every variant, e.g. SERVICE_JAVA_OPTS="-Xmx512m" (default: none)
read -r -a SERVICE_OPTS <<<"${SERVICE_JAVA_OPTS:-}"

build=1 rounds=3 elastic=1 warm=10 measure=20 mode=default work_bytes=512 phases_info=0 logs_to_file=0
while (($#)); do
  case $1 in
    --quick) rounds=1 warm=3 measure=8 mode=quick ;;
    --no-build) build=0 ;;
    --no-elastic) elastic=0 ;;
    --rounds) rounds=$2; shift ;;
    --warm-up) warm=$2 mode=custom; shift ;;
    --measure) measure=$2 mode=custom; shift ;;
    --work-bytes) work_bytes=$2; shift ;;
    --phases-info) phases_info=1 ;;
    --logs-to-file) logs_to_file=1 ;;
    *) echo "usage: $0 [--quick] [--no-build] [--rounds N] [--warm-up S] [--measure S] [--no-elastic] [--work-bytes N] [--phases-info] [--logs-to-file]" >&2
       exit 2 ;;
  esac
  shift
done

[[ $work_bytes =~ ^[1-9][0-9]*$ ]] || { echo "--work-bytes takes a positive number of bytes, not '$work_bytes'" >&2; exit 2; }

begin_run side-by-side "$build"
PEERS=$ROOT/benchmarks/target/peers

# fetch_peer GROUP:ARTIFACT:VERSION: copies the jar from Maven Central (via ~/.m2) into $PEERS.
fetch_peer() {
  local gav=$1 jar
  IFS=: read -r _ artifact version <<<"$gav"
  jar=$PEERS/$artifact-$version.jar
  if [[ ! -f $jar ]]; then
    mvn -B -q -N dependency:copy "-Dartifact=$gav" "-DoutputDirectory=$PEERS" >&2 || return 1
  fi
  echo "$jar"
}
OTEL_JAR=$(fetch_peer "io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_AGENT_VERSION")
ELASTIC_JAR=
if ((elastic)); then
  ELASTIC_JAR=$(fetch_peer "co.elastic.apm:elastic-apm-agent:$ELASTIC_AGENT_VERSION") ||
    echo "Elastic APM agent $ELASTIC_AGENT_VERSION did not download: no Elastic row" >&2
fi

variants=(bare agent-obs)
# agent-obs with log.phase.level=info: a request's log adds a phase_complete line a phase
((phases_info)) && variants+=(agent-obs-phases-info)
# agent-obs with its stdout redirected to a file (java ... > app.log) rather than read by another
# process: the service then pays for the file's growth
((logs_to_file)) && variants+=(agent-obs-logs-to-file)
variants+=(otel-javaagent)
[[ -n $ELASTIC_JAR ]] && variants+=(elastic-apm)

report=$ROOT/benchmarks/results/side-by-side-$stamp.md
runs=$work/runs.tsv
: >"$runs"

# One span sink per exporting variant, for the whole run.
declare -A SINK
for v in "${variants[@]}"; do
  [[ $v == bare ]] && continue
  SINK[$v]=$(free_port)
  start_sink "${SINK[$v]}" "$work/sink-$v.log"
done

jar_of() {
  case $1 in
    agent-obs*) echo "$AGENT_JAR" ;;
    otel-javaagent) echo "$OTEL_JAR" ;;
    elastic-apm) echo "$ELASTIC_JAR" ;;
  esac
}

# The service's command line and environment for a variant: each agent with its defaults, told to
# trace the five phase methods and send every span to its sink.
command_for() { # variant port -> sets CMD and ENVS
  local v=$1 port=$2 sink=${SINK[$1]:-} methods
  ENVS=()
  case $v in
    bare)
      CMD=(java "${SERVICE_OPTS[@]}" -jar "$SERVICE_JAR" --port "$port" --work-bytes "$work_bytes") ;;
    agent-obs*)
      local options=metrics.port=$METRICS_PORT,metrics.host=127.0.0.1
      [[ $v == agent-obs-phases-info ]] && options+=,log.phase.level=info
      CMD=(java "${SERVICE_OPTS[@]}" "-javaagent:$AGENT_JAR=$options"
        -jar "$SERVICE_JAR" --port "$port" --work-bytes "$work_bytes")
      ENVS=(OTEL_SERVICE_NAME=bench-service OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink
        OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf) ;;
    otel-javaagent)
      methods=$(IFS=,; echo "${PHASE_METHODS[*]}")
      CMD=(java "${SERVICE_OPTS[@]}" "-javaagent:$OTEL_JAR" "-Dotel.instrumentation.methods.include=$PHASES_CLASS[$methods]"
        -Dotel.resource.providers.aws.enabled=false -Dotel.resource.providers.gcp.enabled=false
        -Dotel.resource.providers.azure.enabled=false
        -jar "$SERVICE_JAR" --port "$port" --work-bytes "$work_bytes")
      ENVS=(OTEL_SERVICE_NAME=bench-service OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink
        OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_TRACES_EXPORTER=otlp
        OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none) ;;
    elastic-apm)
      methods=$(printf "$PHASES_CLASS#%s," "${PHASE_METHODS[@]}")
      # cloud_provider=NONE: no probing of cloud metadata addresses; central_config=false: no polling
      CMD=(java "${SERVICE_OPTS[@]}" "-javaagent:$ELASTIC_JAR" -Delastic.apm.service_name=bench-service
        "-Delastic.apm.server_url=http://127.0.0.1:$sink" "-Delastic.apm.trace_methods=${methods%,}"
        -Delastic.apm.cloud_provider=NONE -Delastic.apm.central_config=false
        -jar "$SERVICE_JAR" --port "$port" --work-bytes "$work_bytes") ;;
  esac
}

wrk_errors() {
  awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$1"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)

run_once() { # variant round
  local v=$1 r=$2 port pid t0 t1 c0=0 c1=0 ticks0 ticks1 rss quiet threads0 threads1
  local base=$work/$v-$r url
  port=$(free_port)
  METRICS_PORT=$(free_port)
  url=http://127.0.0.1:$port
  command_for "$v" "$port"
  echo "-- round $r: $v" >&2

  local stdout=$base.out reader=
  if [[ $v == agent-obs* && $v != agent-obs-logs-to-file ]]; then
    stdout_reader "$base"
    stdout=$STDOUT_FIFO reader=$STDOUT_READER
  fi
  t0=$(date +%s%N)
  env "${ENVS[@]}" "${CMD[@]}" >"$stdout" 2>"$base.err" &
  pid=$!
  STARTED_PIDS+=("$pid")
  wait_http "$url/health" 120 "$pid" || { tail -20 "$base.err" >&2; exit 1; }
  t1=$(date +%s%N)

  [[ -n ${SINK[$v]:-} ]] && c0=$(sink_count "${SINK[$v]}")
  wrk -t2 -c16 -d"${warm}s" --timeout 5s "$url/work" >"$base.warm.wrk"
  threads0=$(thread_ticks "$pid")
  ticks0=$(cpu_ticks "$pid")
  wrk -t2 -c16 -d"${measure}s" --timeout 5s --latency "$url/work" >"$base.wrk"
  ticks1=$(cpu_ticks "$pid")
  threads1=$(thread_ticks "$pid")
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  if [[ -n ${SINK[$v]:-} ]]; then
    # longer than the exporters' batch delay (5 s) or Elastic's 10 s intake request
    quiet=6
    [[ $v == elastic-apm ]] && quiet=12
    c1=$(settle_sink "${SINK[$v]}" "$quiet" 40)
  fi
  if [[ $v == agent-obs* ]]; then
    curl -fsS --max-time 5 "http://127.0.0.1:$METRICS_PORT/metrics" |
      grep -E '^agent_obs_|^agent_requests_total' >"$base.selfmetrics" || true
  fi
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  if [[ -n $reader ]]; then
    wait "$reader"
    rm -f "$STDOUT_FIFO"
  elif [[ -f $base.out ]]; then
    awk 'END {print NR}' "$base.out" >"$base.lines"
    tail -n 50 "$base.out" >"$base.out.tail" && rm -f "$base.out"
  fi

  local warm_req req errors
  warm_req=$(wrk_requests "$base.warm.wrk")
  req=$(wrk_requests "$base.wrk")
  thread_record "$v" "$req" "$threads0" "$threads1" >>"$work/threads.tsv"
  errors=$(($(wrk_errors "$base.warm.wrk") + $(wrk_errors "$base.wrk")))
  local lines=-
  if [[ $v == agent-obs* ]]; then
    # every request should log 2 lines: task_start, task_complete (7 with phase lines at info)
    lines=$(awk -v n=$((warm_req + req)) '{printf "%.2f", $1 / n}' "$base.lines")
  fi
  awk -v OFS='\t' -v v="$v" -v r="$r" -v up=$(((t1 - t0) / 1000000)) \
    -v rps="$(awk '/^Requests\/sec/ {print $2}' "$base.wrk")" \
    -v p50="$(wrk_latency_ms "$base.wrk" 50)" -v p99="$(wrk_latency_ms "$base.wrk" 99)" \
    -v cpu=$((ticks1 - ticks0)) -v tck="$CLK_TCK" -v req="$req" -v rss="$rss" \
    -v spans=$((c1 - c0)) -v all=$((warm_req + req)) -v errors="$errors" -v lines="$lines" \
    -v exporting="${SINK[$v]:-}" 'BEGIN {
      print v, r, up, rps, p50, p99, cpu / tck * 1e6 / req, rss / 1024,
        (exporting == "" ? "-" : sprintf("%.3f", spans / all)), req, errors, lines
    }' >>"$runs"
}

for r in $(seq "$rounds"); do
  for v in "${variants[@]}"; do
    run_once "$v" "$r"
  done
done

# ---- report ---------------------------------------------------------------------------------
median() { # variant column
  awk -F'\t' -v v="$1" -v c="$2" '$1 == v && $c != "-" {print $c}' "$runs" | median_lines
}
jar_mib() { [[ $1 == bare ]] && echo "—" || awk -v b="$(stat -c %s "$(jar_of "$1")")" 'BEGIN {printf "%.1f", b / 1048576}'; }
# cell VALUE BASE DECIMALS [delta-unit]: "value (×ratio)" or "value (×ratio, +delta unit)"
cell() {
  awk -v x="$1" -v b="$2" -v d="$3" -v u="${4:-}" 'BEGIN {
    if (x == "-") { print "—"; exit }
    s = sprintf("%." d "f", x)
    if (b == "" || b == "-" || b + 0 == 0) { print s; exit }
    s = s sprintf(" (×%.2f", x / b)
    if (u != "") s = s sprintf(", %+." d "f %s", x - b, u)
    print s ")"
  }'
}

declare -A M
columns=(3 4 5 6 7 8 9)
for v in "${variants[@]}"; do
  for c in "${columns[@]}"; do M[$v,$c]=$(median "$v" "$c"); done
done

{
  echo "# Side by side: bench service under wrk, $mode run"
  echo
  machine_header
  echo
  echo "Load: \`wrk -t2 -c16 --latency\` on \`GET /work\` (five \`@AgentPhase\` methods, each hashing ${work_bytes} bytes; the bare row's CPU is the service's own cost)," \
    "${warm} s warm-up then ${measure} s measured; ${rounds} interleaved round(s), medians shown," \
    "ratios (×) against bare. Agents: agent-obs (see above)," \
    "OpenTelemetry Java agent ${OTEL_AGENT_VERSION}$([[ -n $ELASTIC_JAR ]] && echo ", Elastic APM agent ${ELASTIC_AGENT_VERSION}")," \
    "each tracing the five methods and exporting every span to its own loopback sink" \
    "(agent-obs and OTel: OTLP/HTTP protobuf; Elastic: its intake API); agent-obs also serves metrics" \
    "and writes JSON logs to stdout, read by another process as a container runtime reads it" \
    "$( ((logs_to_file)) && echo "(agent-obs-logs-to-file: stdout redirected to a file)")." \
    "wrk, the sinks and the service share the machine's $(nproc) cores." \
    "Service JVM options: ${SERVICE_JAVA_OPTS:-none (JVM defaults)}."
  echo
  echo "| variant | start-up ms | req/s | p50 ms | p99 ms | CPU µs/req | RSS MiB | agent jar MiB | spans/req |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for v in "${variants[@]}"; do
    b() { [[ $v == bare ]] && echo "" || echo "${M[bare,$1]}"; }
    echo "| $v | $(cell "${M[$v,3]}" "$(b 3)" 0 ms) | $(cell "${M[$v,4]}" "$(b 4)" 0) | $(cell "${M[$v,5]}" "$(b 5)" 2) |" \
      "$(cell "${M[$v,6]}" "$(b 6)" 2) | $(cell "${M[$v,7]}" "$(b 7)" 1 µs) | $(cell "${M[$v,8]}" "$(b 8)" 0 MiB) |" \
      "$(jar_mib "$v") | $(cell "${M[$v,9]}" "" 2) |"
  done
  echo
  echo "Spans/req: spans the sink received (after export settled) per request sent, warm-up included;"
  echo "one SERVER span plus five phase spans is 6. CPU µs/req: the service process's utime+stime"
  echo "over the measured run divided by its requests (the sinks and wrk are not counted)."
  echo
  echo "Where the CPU went: µs per request by thread, medians over the rounds (each thread's"
  echo "utime+stime in /proc over the measured run; a thread that ended meanwhile is not counted)."
  echo "The other agents' own threads are \"other agent threads\", except the OpenTelemetry agent's"
  echo "batch span processor, which shares agent-obs' row."
  echo
  thread_table "$work/threads.tsv" "${variants[@]}"
  echo
  echo "## Every run"
  echo
  echo "| variant | round | start-up ms | req/s | p50 ms | p99 ms | CPU µs/req | RSS MiB | spans/req | requests | wrk errors | agent-obs log lines/req |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' '{printf "| %s | %s | %s | %.0f | %.2f | %.2f | %.1f | %.0f | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12}' "$runs"
  echo
  echo "agent-obs should log 2 lines per request (task_start, task_complete; phase_complete is written at \`log.phase.level\`, debug by default)."
  ((phases_info)) && echo "agent-obs-phases-info (\`log.phase.level=info\`) should log 7: task_start, 5 × phase_complete, task_complete."
  ((logs_to_file)) && echo "agent-obs-logs-to-file writes the same 2 lines to a file rather than to a reading process."
  echo
  echo "## What the agents said"
  echo
  for v in "${variants[@]}"; do
    [[ $v == bare ]] && continue
    echo "**$v** — stderr, all runs: distinct lines (numbers as N) with their count, first 15:"
    echo
    echo '```'
    grep -v '^[[:space:]]*at ' "$work/$v"-[0-9]*.err -h | sed -E 's/[0-9]+/N/g' |
      sort | uniq -c | sort -rn | head -15 || true
    echo '```'
    dropped=$(cat "$work/$v"-[0-9]*.err | sed -nE 's/.*dropped ([0-9]+) span.*/\1/p' | awk '{n += $1} END {print n + 0}')
    ((dropped > 0)) && echo && echo "Spans the agent reported dropping (batch queue full), all runs: $dropped."
    if [[ $v == agent-obs* ]]; then
      echo
      echo "$v self-metrics at the end of each run:"
      echo
      echo '```'
      for f in "$work/$v"-[0-9]*.selfmetrics; do
        echo "${f##*/}: $(grep -v '^#' "$f" | grep -E '^agent_obs_' | tr '\n' ' ')"
      done
      echo '```'
    fi
    echo
  done
} >"$report"

echo "wrote $report" >&2
cat "$report"
