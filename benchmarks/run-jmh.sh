#!/usr/bin/env bash
# JMH benchmarks of agent-obs's hot paths, in variants, into benchmarks/results/jmh-<date>.md.
#
#   benchmarks/run-jmh.sh [--no-build] [--quick]
#
# PhaseCallBenchmark and JdkServerRequestBenchmark run once per variant: no agent; the agent with
# every signal (spans exported over OTLP/HTTP protobuf to an OtlpSink on loopback); and the agent
# with traces, metrics or logs off. ObserverBenchmark drives the agent's Observer with its metrics
# and log signals directly, without -javaagent. Every fork's stdout (the agent's JSON lines) goes
# to /dev/null; allocation per op comes from -prof gc. About 14 minutes; --quick about 5.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib.sh
source benchmarks/lib.sh

build=1
jmh_opts=(-f 1 -wi 4 -i 5 -w 3s -r 3s)
settings="1 fork, 4 × 3 s warm-up, 5 × 3 s measurement"
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    --quick)
      jmh_opts=(-f 1 -wi 2 -i 3 -w 2s -r 2s)
      settings="1 fork, 2 × 2 s warm-up, 3 × 2 s measurement (--quick)"
      ;;
    *) echo "usage: $0 [--no-build] [--quick]" >&2; exit 2 ;;
  esac
done

trap cleanup_started EXIT
trap 'exit 130' INT TERM

if ((build)); then
  mvn -B -q install -DskipTests -DskipITs  # failsafe ignores -DskipTests here
fi
BUILD_REV=$(build_revision "$build")
QUIET_JVM=$ROOT/benchmarks/java-stdout-to-null.sh

stamp=$(date -u +%Y-%m-%d-%H%M)
work=$ROOT/benchmarks/target/jmh-$stamp
mkdir -p "$work" "$ROOT/benchmarks/results"
snapshot_jars "$work/jars"
report=$ROOT/benchmarks/results/jmh-$stamp.md

sink_port=$(free_port)
start_sink "$sink_port" "$work/sink.log"
export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port
export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
export OTEL_SERVICE_NAME=jmh

# name | agent arguments ("-" = no agent)
variants=(
  "no agent|-"
  "all signals|metrics.port=0,metrics.host=127.0.0.1"
  "traces off|metrics.port=0,metrics.host=127.0.0.1,traces.enabled=false"
  "metrics off|metrics.enabled=false"
  "logs off|metrics.port=0,metrics.host=127.0.0.1,logs.enabled=false"
)

run_jmh() { # name csv log pattern [jvm args]
  local name=$1 csv=$2 log=$3 pattern=$4
  shift 4
  echo "== $name: $pattern" >&2
  java -jar "$BENCH_JAR" "$pattern" "${jmh_opts[@]}" -prof gc -jvm "$QUIET_JVM" \
    -rf csv -rff "$csv" "$@" >"$log" 2>&1 ||
    { echo "JMH failed, see $log" >&2; tail -20 "$log" >&2; exit 1; }
}

i=0
for v in "${variants[@]}"; do
  name=${v%%|*}
  args=${v#*|}
  i=$((i + 1))
  if [[ $args == - ]]; then
    run_jmh "$name" "$work/$i.csv" "$work/$i.log" \
      'dev.agentobs.bench.jmh.(PhaseCallBenchmark|JdkServerRequestBenchmark)'
  else
    run_jmh "$name" "$work/$i.csv" "$work/$i.log" \
      'dev.agentobs.bench.jmh.(PhaseCallBenchmark|JdkServerRequestBenchmark)' \
      -jvmArgsAppend "-javaagent:$AGENT_JAR=$args"
  fi
  echo "$name" >"$work/$i.name"
done
i=$((i + 1))
run_jmh "direct, no -javaagent" "$work/$i.csv" "$work/$i.log" 'dev.agentobs.bench.jmh.ObserverBenchmark'
echo "direct" >"$work/$i.name"
spans=$(settle_sink "$sink_port" 6 30)

# One row per benchmark (and parameter) per variant, with the allocation of the same run, and the
# difference to the benchmark's baseline: no agent, or signals=none for ObserverBenchmark.
table() {
  local n
  for n in $(seq "$i"); do
    awk -F, -v variant="$(cat "$work/$n.name")" -v order="$n" '
      { sub(/\r$/, "") }  # JMH writes CRLF
      NR == 1 { next }
      {
        for (k = 1; k <= NF; k++) gsub(/"/, "", $k)
        name = $1; sub(/^dev\.agentobs\.bench\.jmh\./, "", name)
        param = (NF >= 8 && $8 != "") ? $8 : ""
        if (name ~ /:gc\.alloc\.rate\.norm$/) { sub(/:.*/, "", name); alloc[name "|" param] = $5; next }
        if (name ~ /:/) next
        key = name "|" param; keys[++count] = key
        score[key] = $5; error[key] = $6; unit[key] = $7
      }
      END {
        for (c = 1; c <= count; c++) {
          key = keys[c]; split(key, part, "|")
          v = part[2] == "" ? variant : "signals=" part[2] " (" variant ")"
          printf "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", part[1], order, part[2], v, score[key], error[key], unit[key], alloc[key]
        }
      }' "$work/$n.csv"
  done | sort -t $'\t' -k1,1 -k2,2n -s | awk -F'\t' '
    function fmt(x) { return x == "NaN" || x == "" ? "n/a" : sprintf(x >= 100 ? "%.0f" : "%.2f", x) }
    {
      base_key = $1
      if ($3 == "none" || ($3 == "" && $2 == 1)) { base[base_key] = $5; base_alloc[base_key] = $8 }
      delta = (base_key in base && $5 != base[base_key]) ? sprintf("%+.0f", $5 - base[base_key]) : "—"
      dalloc = (base_key in base_alloc && $5 != base[base_key]) ? sprintf("%+.0f", $8 - base_alloc[base_key]) : "—"
      printf "| %s | %s | %s ± %s | %s | %s | %s | %s |\n", $1, $4, fmt($5), fmt($6), $7, delta, fmt($8), dalloc
    }'
}

{
  echo "# JMH: agent-obs hot paths"
  echo
  machine_header
  echo
  echo "Settings: ${settings}, -prof gc, 1 benchmark thread. Agent jar: $(du -k "$AGENT_JAR" | cut -f1) KiB."
  echo "Traces of the agent variants went over OTLP/HTTP protobuf to an OtlpSink on loopback"
  echo "(${spans} spans received in all); JSON log lines to /dev/null. Δ is against the same"
  echo "benchmark without the agent (ObserverBenchmark: against signals=none). Allocation counts"
  echo "every thread of the fork (span export and the log writer included), per benchmark op."
  echo
  echo "| benchmark | variant | score ± error | unit | Δ score | alloc B/op | Δ alloc |"
  echo "|---|---|---|---|---|---|---|"
  table
  echo
  echo "Errors are 99.9% confidence intervals (n/a with a single iteration)."
  echo
  echo "## What the agent said on stderr, and ObserverBenchmark's own counts"
  echo
  echo '```'
  cat "$work"/*.log | grep -E 'agent-obs:|phases observed|Exception|ERROR|SEVERE' |
    grep -v ' started: ' | sed 's/^.*Iteration *[0-9]*: *//' | sort | uniq -c | sort -rn | head -30 || true
  echo '```'
} >"$report"

echo "wrote $report" >&2
cat "$report"
# an agent variant whose agent did not start measures no agent at all: say so, and fail
if grep -q 'agent-obs: failed to start' "$work"/*.log; then
  echo "run-jmh.sh: the agent failed to start in some forks (see the report's stderr summary);" \
    "their figures are the service's without the agent" >&2
  exit 1
fi
