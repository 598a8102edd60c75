#!/usr/bin/env bash
# The bench service's first seconds under load: wrk starts the moment the service answers its
# first 200, while agent-obs is still setting up its signals and replays what it buffered
# meanwhile. Bare and agent-obs (and, with --against JAR, another agent-obs jar, e.g. a build of an
# earlier commit), interleaved. Writes benchmarks/results/first-seconds-<date>.md: requests served,
# p50, p99 and the slowest request in that window, and whether every span and line arrived.
#
#   benchmarks/first-seconds.sh [--no-build] [--rounds N] [--seconds S] [--against JAR]
#
# Default: 5 rounds of 3 s, about 2 minutes. side-by-side.sh measures after a warm-up and
# start-up only to the first 200; this is the stretch in between. Needs wrk.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib.sh
source benchmarks/lib.sh
read -r -a SERVICE_OPTS <<<"${SERVICE_JAVA_OPTS:--Xms512m -Xmx512m}"

build=1 rounds=5 seconds=3 against=
while (($#)); do
  case $1 in
    --no-build) build=0 ;;
    --rounds) rounds=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --against) against=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift ;;
    *) echo "usage: $0 [--no-build] [--rounds N] [--seconds S] [--against JAR]" >&2; exit 2 ;;
  esac
  shift
done
[[ -z $against || -f $against ]] || { echo "--against: no such jar: $against" >&2; exit 2; }

begin_run first-seconds "$build"
[[ -n $against ]] && cp "$against" "$work/jars/against.jar"

variants=(bare agent-obs)
[[ -n $against ]] && variants+=(against)

run_once() { # variant round
  local v=$1 r=$2 port metrics sink jar pid base=$work/$1-$2 ended exported dropped lines requests
  port=$(free_port)
  metrics=$(free_port)
  sink=$(free_port)
  start_sink "$sink" "$base.sink.log"
  local sink_pid=${STARTED_PIDS[-1]}
  jar=$(variant_jar "$v")
  echo "-- round $r: $v" >&2
  READ_STDOUT=1 start_service "$port" "$base" "$jar" "$sink" "$metrics"
  pid=$SERVICE_PID
  wrk -t2 -c16 -d"${seconds}s" --timeout 5s --latency "http://127.0.0.1:$port/work" >"$base.wrk"
  requests=$(wrk_requests "$base.wrk")
  ended=- exported=- dropped=- lines=-
  if [[ -n $jar ]]; then
    settle_sink "$sink" 3 30 >/dev/null
    curl -fsS --max-time 5 "http://127.0.0.1:$metrics/metrics" >"$base.selfmetrics" || true
    ended=$(awk '/^agent_obs_spans_ended_total/ {printf "%d", $2}' "$base.selfmetrics")
    exported=$(sink_count "$sink")
    dropped=$(awk '/^agent_obs_(startup_events|spans|log_events)_dropped_total/ {n += $2} END {printf "%d", n}' \
      "$base.selfmetrics")
  fi
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  kill "$sink_pid" 2>/dev/null || true
  # lines written by exit: every request's task_complete (or task_error, for one wrk cut short),
  # counted by the process that read the agent's stdout (stdout_reader), as in side-by-side.sh
  if [[ -n $jar ]]; then
    wait "$STDOUT_READER" 2>/dev/null || true
    lines=$(cat "$base.tasks")
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$r" "$requests" \
    "$(wrk_latency_ms "$base.wrk" 50)" "$(wrk_latency_ms "$base.wrk" 99)" "$(wrk_latency_ms "$base.wrk" max)" \
    "$ended" "$exported" "$dropped" "$lines" >>"$work/runs.tsv"
}

for r in $(seq "$rounds"); do
  for v in "${variants[@]}"; do
    run_once "$v" "$r"
  done
done

report=$ROOT/benchmarks/results/first-seconds-$stamp.md
{
  echo "# The first ${seconds} s of load from the first 200"
  echo
  echo "$(machine_header)${against:+ · against: $(basename "$against")}"
  echo
  echo "Load: \`wrk -t2 -c16 --latency\` on \`GET /work\` from the moment \`/health\` first answered," \
    "${seconds} s; $rounds interleaved round(s), medians shown. Service JVM options: ${SERVICE_OPTS[*]}."
  echo
  echo "| variant | requests | p50 ms | p99 ms | slowest ms |"
  echo "|---|---|---|---|---|"
  for v in "${variants[@]}"; do
    printf '| %s |' "$v"
    for col in 3 4 5 6; do
      printf ' %s |' "$(awk -F'\t' -v v="$v" -v c="$col" '$1 == v {print $c}' "$work/runs.tsv" | median_lines)"
    done
    echo
  done
  echo
  echo "Every run (spans: ended as the agent counted them, received by the sink; dropped: start-up"
  echo "events, spans and log lines the agent counted as dropped; lines: task_complete and task_error"
  echo "lines written by exit, one per request, plus one for the health check):"
  echo
  echo "| variant | round | requests | p50 ms | p99 ms | slowest ms | spans ended | spans received | dropped | lines |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' -v OFS=' | ' '{print "| " $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 " |"}' "$work/runs.tsv"
} >"$report"
cat "$report"
echo >&2
echo "report: $report" >&2
