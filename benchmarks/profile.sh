#!/usr/bin/env bash
# Where the bench service's CPU goes under load, with agent-obs attached (or bare): async-profiler
# (fetched from Maven Central) samples every thread over the measured window, after a warm-up.
# Writes benchmarks/target/profile-<date>/: profile.collapsed (one line a stack, by thread),
# flamegraph.html, and summary.md (samples by thread role, and each role's hottest frames). The
# agent's JSON lines go to another process reading its stdout, as in side-by-side.sh (writing
# them is part of its cost), which counts them and keeps the last 50.
#
#   benchmarks/profile.sh [--no-build] [--bare] [--warm-up S] [--measure S] [--event E]
#                         [--interval I] [--agent-options O]
#
# Default: 20 s warm-up, 15 s profiled, event cpu (perf events, kernel frames included where
# /proc/sys/kernel/perf_event_paranoid allows; itimer where it does not), interval 1ms. A shorter
# interval slows the service itself (100us halved its throughput here). --agent-options: more
# agent arguments, e.g. log.phase.level=info. Needs wrk. Linux x86_64 or aarch64 only.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib.sh
source benchmarks/lib.sh
read -r -a SERVICE_OPTS <<<"${SERVICE_JAVA_OPTS:--Xms512m -Xmx512m}"
AP_VERSION=${ASYNC_PROFILER_VERSION:-4.2}

build=1 bare=0 warm=20 measure=15 event=cpu interval=1ms agent_options=
while (($#)); do
  case $1 in
    --no-build) build=0 ;;
    --bare) bare=1 ;;
    --warm-up) warm=$2; shift ;;
    --measure) measure=$2; shift ;;
    --event) event=$2; shift ;;
    --interval) interval=$2; shift ;;
    --agent-options) agent_options=,$2; shift ;;
    *) echo "usage: $0 [--no-build] [--bare] [--warm-up S] [--measure S] [--event E] [--interval I] [--agent-options O]" >&2
       exit 2 ;;
  esac
  shift
done

case $(uname -m) in
  x86_64) platform=linux-x64 ;;
  aarch64) platform=linux-arm64 ;;
  *) echo "async-profiler's Maven jars hold Linux x86_64 and aarch64 libraries only" >&2; exit 1 ;;
esac
begin_run profile "$build"

profiler_dir=$ROOT/benchmarks/target/async-profiler-$AP_VERSION
library=$profiler_dir/$platform/libasyncProfiler.so
if [[ ! -f $library ]]; then
  mvn -B -q -N dependency:copy "-Dartifact=tools.profiler:async-profiler:$AP_VERSION:jar:$platform" \
    "-DoutputDirectory=$profiler_dir" >&2
  (cd "$profiler_dir" && unzip -qo "async-profiler-$AP_VERSION-$platform.jar" "$platform/*")
fi
profiler() { # pid options
  java -cp "$BENCH_JAR" dev.agentobs.bench.profile.LoadNativeAgent "$1" "$library" "$2"
}

sink=$(free_port)
start_sink "$sink" "$work/sink.log"
port=$(free_port)
metrics=$(free_port)
variant=agent-obs jar=$AGENT_JAR
((bare)) && variant=bare jar=
READ_STDOUT=1 start_service "$port" "$work/service" "$jar" "$sink" "$metrics" "$agent_options"
pid=$SERVICE_PID

echo "-- $variant: ${warm}s of load, then ${measure}s profiled ($event, every $interval)" >&2
wrk -t2 -c16 -d"${warm}s" --timeout 5s "http://127.0.0.1:$port/work" >"$work/warm.wrk"
profiler "$pid" "start,event=$event,interval=$interval,threads"
wrk -t2 -c16 -d"${measure}s" --timeout 5s "http://127.0.0.1:$port/work" >"$work/measured.wrk"
profiler "$pid" "stop,file=$work/profile.collapsed,collapsed,threads"
profiler "$pid" "flamegraph,file=$work/flamegraph.html,threads"
# async-profiler reports its own problems (an event the kernel refuses) on the service's stdout,
# among the agent's JSON lines; those lines (hundreds of MB) are not kept
if [[ -f $work/service.other ]]; then
  cp "$work/service.other" "$work/profiler.out"
else
  grep -v '^{' "$work/service.out" >"$work/profiler.out" || true
fi
head -5 "$work/profiler.out" >&2
[[ -s $work/profile.collapsed ]] || { echo "the profiler wrote no samples (see above)" >&2; exit 1; }

requests=$(awk '/requests in/ {print $1}' "$work/measured.wrk")
{
  echo "# Profile of the bench service, $variant"
  echo
  echo "$(machine_header) · event $event every $interval · ${warm} s warm-up, ${measure} s profiled," \
    "$requests requests ($(awk '/Requests\/sec/ {print $2}' "$work/measured.wrk") req/s)"
  echo
  echo "Samples by thread role (share of all samples):"
  echo
  echo "| thread | samples | share |"
  echo "|---|---|---|"
  # a line is "[thread name tid=N];frame;...;frame COUNT"
  awk "$THREAD_ROLE_AWK"'{
      n = $NF; name = $0; sub(/^\[/, "", name); sub(/ tid=.*/, "", name)
      by[role(name)] += n; all += n
    } END {for (r in by) printf "| %s | %d | %.1f %% |\n", r, by[r], 100 * by[r] / all}' \
    "$work/profile.collapsed" | sort -t'|' -k3 -rn
  echo
  echo "Hottest frames of each role (self samples, share of the role's samples):"
  awk "$THREAD_ROLE_AWK"'{
      n = $NF; line = $0; sub(/ [0-9]+$/, "", line)
      name = line; sub(/^\[/, "", name); sub(/ tid=.*/, "", name)
      r = role(name); leaf = line; sub(/.*;/, "", leaf)
      self[r "\t" leaf] += n; total[r] += n
    } END {for (k in self) {split(k, p, "\t"); printf "%s\t%.1f\t%s\n", p[1], 100 * self[k] / total[p[1]], p[2]}}' \
    "$work/profile.collapsed" | sort -t$'\t' -k1,1 -k2,2rn |
    awk -F'\t' '$1 != last {print "\n### " $1 "\n"; last = $1; shown = 0} shown++ < 12 {printf "- %s %% %s\n", $2, $3}'
} >"$work/summary.md"
cat "$work/summary.md"
echo >&2
echo "collapsed stacks, flame graph and this summary: $work" >&2
