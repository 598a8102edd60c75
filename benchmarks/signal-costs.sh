#!/usr/bin/env bash
# What each of agent-obs' signals costs on its own: the bench service under wrk with no agent, with
# the agent and every signal off, with metrics only, logs only, traces only, and all three,
# interleaved. Writes benchmarks/results/signal-costs-<date>.md. The side-by-side run compares
# agents; this one says where agent-obs' own cost goes, so a change to one signal is measured
# against the others in the same run.
#
#   benchmarks/signal-costs.sh [--no-build] [--rounds N]
#
# Default: 3 rounds, 15 s warm-up + 20 s measured per run, about 13 minutes. JSON logs go to
# /dev/null, spans over OTLP/HTTP protobuf to a loopback sink. Needs wrk.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib.sh
source benchmarks/lib.sh
read -r -a SERVICE_OPTS <<<"${SERVICE_JAVA_OPTS:--Xms512m -Xmx512m}"

build=1 rounds=3 warm=15 measure=20
while (($#)); do
  case $1 in
    --no-build) build=0 ;;
    --rounds) rounds=$2; shift ;;
    *) echo "usage: $0 [--no-build] [--rounds N]" >&2; exit 2 ;;
  esac
  shift
done

begin_run signal-costs "$build"
sink=$(free_port)
start_sink "$sink" "$work/sink.log"

variants=(bare none metrics logs traces all)
runs=$work/runs.tsv
: >"$runs"

run_once() { # variant
  local v=$1 port pid t0 t1 out req rps dropped agent=() threads0 threads1
  port=$(free_port)
  if [[ $v != bare ]]; then
    agent=("-javaagent:$AGENT_JAR=metrics.port=$(free_port),metrics.host=127.0.0.1${SIGNAL_SETTINGS[$v]:+,${SIGNAL_SETTINGS[$v]}}")
  fi
  OTEL_SERVICE_NAME=bench-service OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink \
    OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    java "${SERVICE_OPTS[@]}" "${agent[@]}" -jar "$SERVICE_JAR" --port "$port" >/dev/null 2>"$work/$v.err" &
  pid=$!
  STARTED_PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/health" 120 "$pid"
  wrk -t2 -c16 -d"${warm}s" "http://127.0.0.1:$port/work" >/dev/null
  threads0=$(thread_ticks "$pid")
  t0=$(process_ticks "$pid")
  out=$(wrk -t2 -c16 -d"${measure}s" "http://127.0.0.1:$port/work")
  t1=$(process_ticks "$pid")
  threads1=$(thread_ticks "$pid")
  dropped=$(grep -hE 'span queue overflowed' "$work/$v.err" >/dev/null && echo yes || echo no)
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  req=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  awk -v OFS='\t' -v v="$v" -v rps="$rps" -v req="$req" -v ticks=$((t1 - t0)) -v tck="$(getconf CLK_TCK)" \
    -v dropped="$dropped" 'BEGIN { print v, rps, ticks / tck * 1e6 / req, dropped }' >>"$runs"
  thread_record "$v" "$req" "$threads0" "$threads1" >>"$work/threads.tsv"
}

for r in $(seq "$rounds"); do
  for v in "${variants[@]}"; do
    echo "-- round $r: $v" >&2
    run_once "$v"
  done
done

median() { # variant column
  awk -F'\t' -v v="$1" -v c="$2" '$1 == v {print $c}' "$runs" | median_lines
}
report=$ROOT/benchmarks/results/signal-costs-$stamp.md
{
  echo "# What each signal costs: bench service under wrk"
  echo
  machine_header
  echo
  echo "Load: \`wrk -t2 -c16\` on \`GET /work\` (one request span, five phases), ${warm} s warm-up then" \
    "${measure} s measured; ${rounds} interleaved round(s), medians. JSON logs to /dev/null, spans over" \
    "OTLP/HTTP protobuf to one loopback sink. Service JVM options: ${SERVICE_OPTS[*]}."
  echo
  echo "| variant | req/s | CPU µs/req | Δ CPU µs/req against bare | span queue overflowed in a run |"
  echo "|---|---|---|---|---|"
  base=$(median bare 3)
  for v in "${variants[@]}"; do
    cpu=$(median "$v" 3)
    overflow=$(awk -F'\t' -v v="$v" '$1 == v && $4 == "yes" {n++} END {print n + 0}' "$runs")
    printf '| %s | %.0f | %.1f | %s | %s of %s |\n' "$v" "$(median "$v" 2)" "$cpu" \
      "$( [[ $v == bare ]] && echo — || awk -v a="$cpu" -v b="$base" 'BEGIN {printf "%+.1f", a - b}')" \
      "$overflow" "$rounds"
  done
  echo
  echo "none: the agent attached with every signal off (instrumentation and observer only)."
  echo
  echo "Where the CPU went: µs per request by thread, medians over the rounds (from each thread's"
  echo "utime+stime in /proc; a thread that ended during the measured window is not counted)."
  echo
  thread_table "$work/threads.tsv" "${variants[@]}"
} >"$report"
echo "wrote $report" >&2
