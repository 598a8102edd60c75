#!/usr/bin/env bash
# Start-up alone: the time from launching `java` to the bench service's first 200 from /health,
# over many launches, bare and with agent-obs (and, with --against JAR, another agent-obs jar, e.g.
# a build of an earlier commit), interleaved. side-by-side.sh launches each variant once a round,
# and on a shared 2-core VM one launch moves by a hundred milliseconds or more from the next: the
# medians of many launches are what a start-up change can be judged by.
# Writes benchmarks/results/start-up-<date>.md.
#
#   benchmarks/start-up.sh [--no-build] [--launches N] [--against JAR]
#
# Default: 10 launches of each variant, about half a minute. Service JVM options from
# SERVICE_JAVA_OPTS (default -Xms512m -Xmx512m, as side-by-side.sh's README runs); agent-obs sends
# its spans to a loopback sink and its stdout to a reading process, as in the other scripts.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib.sh
source benchmarks/lib.sh
read -r -a SERVICE_OPTS <<<"${SERVICE_JAVA_OPTS:--Xms512m -Xmx512m}"

build=1 launches=10 against=
while (($#)); do
  case $1 in
    --no-build) build=0 ;;
    --launches) launches=$2; shift ;;
    --against) against=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift ;;
    *) echo "usage: $0 [--no-build] [--launches N] [--against JAR]" >&2; exit 2 ;;
  esac
  shift
done
[[ $launches =~ ^[1-9][0-9]*$ ]] || { echo "--launches takes a positive number, not '$launches'" >&2; exit 2; }
[[ -z $against || -f $against ]] || { echo "--against: no such jar: $against" >&2; exit 2; }

begin_run start-up "$build"
[[ -n $against ]] && cp "$against" "$work/jars/against.jar"

variants=(bare agent-obs)
[[ -n $against ]] && variants+=(against)

sink=$(free_port)
start_sink "$sink" "$work/sink.log"
for i in $(seq "$launches"); do
  for v in "${variants[@]}"; do
    jar=$(variant_jar "$v")
    t0=$(date +%s%N)
    READ_STDOUT=1 start_service "$(free_port)" "$work/$v-$i" "$jar" "$sink" "$(free_port)"
    t1=$(date +%s%N)
    printf '%s\t%s\n' "$v" $(((t1 - t0) / 1000000)) >>"$work/launches.tsv"
    kill "$SERVICE_PID"
    wait "$SERVICE_PID" 2>/dev/null || true
    [[ -n $jar ]] && { wait "$STDOUT_READER" 2>/dev/null || true; }
  done
done

# of_variant V: its launches' milliseconds, one a line
of_variant() { awk -F'\t' -v v="$1" '$1 == v {print $2}' "$work/launches.tsv"; }
bare_median=$(of_variant bare | median_lines)

report=$ROOT/benchmarks/results/start-up-$stamp.md
{
  echo "# Start-up of the bench service: launch to first 200"
  echo
  echo "$(machine_header)${against:+ · against: $(basename "$against")}"
  echo
  echo "$launches interleaved launches of each variant, from launching \`java\` to the first 200 from" \
    "\`/health\` (polled every 20 ms). Service JVM options: ${SERVICE_OPTS[*]}."
  echo
  echo "| variant | median ms | fastest | slowest | median − bare's |"
  echo "|---|---|---|---|---|"
  for v in "${variants[@]}"; do
    median=$(of_variant "$v" | median_lines)
    printf '| %s | %s | %s | %s | %s |\n' "$v" "$median" "$(of_variant "$v" | sort -n | head -1)" \
      "$(of_variant "$v" | sort -n | tail -1)" \
      "$(awk -v m="$median" -v b="$bare_median" 'BEGIN {printf "%+.0f", m - b}')"
  done
  echo
  echo "Every launch, in order (ms):"
  echo
  for v in "${variants[@]}"; do
    echo "- $v: $(of_variant "$v" | paste -sd' ')"
  done
} >"$report"
cat "$report"
echo >&2
echo "report: $report" >&2
