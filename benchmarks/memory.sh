#!/usr/bin/env bash
# Where the bench service's memory goes under load, with agent-obs attached and without: resident
# memory split into the Java heap and the rest, the heap's old and humongous regions, young pause
# times and survivors (which drive G1's heap sizing), metaspace, code cache, classes and threads. Bare and
# agent-obs (every signal on, spans to a loopback sink, stdout read by another process) interleave.
# Writes benchmarks/results/memory-<date>.md.
#
#   benchmarks/memory.sh [--no-build] [--rounds N] [--warm-up S] [--measure S] [--by-signal]
#
# --by-signal adds agent-obs with each signal alone (metrics, logs, traces) and with none (the
# instrumentation and the observer only), so that what each signal holds shows beside the total.
#
# Default: 2 rounds, 20 s warm-up then 20 s measured. JVM options for the service in both
# variants from SERVICE_JAVA_OPTS (default: none, the JVM's own heap sizing, which is where an
# agent's longer young pauses show: G1 grows the heap when the share of time in pauses rises);
# SERVICE_JAVA_OPTS="-Xms512m -Xmx512m" measures a fixed heap, as side-by-side.sh's README runs do.
# Needs wrk, jcmd (the JDK's) and Linux's /proc.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib.sh
source benchmarks/lib.sh

build=1 rounds=2 warm=20 measure=20 by_signal=0
while (($#)); do
  case $1 in
    --no-build) build=0 ;;
    --rounds) rounds=$2; shift ;;
    --warm-up) warm=$2; shift ;;
    --measure) measure=$2; shift ;;
    --by-signal) by_signal=1 ;;
    *) echo "usage: $0 [--no-build] [--rounds N] [--warm-up S] [--measure S] [--by-signal]" >&2
       exit 2 ;;
  esac
  shift
done
for n in "$rounds" "$warm" "$measure"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "--rounds, --warm-up and --measure take a positive number, not '$n'" >&2; exit 2; }
done
command -v jcmd >/dev/null || { echo "jcmd is missing: it comes with the JDK" >&2; exit 1; }

begin_run memory "$build"
read -r -a JVM_OPTS <<<"${SERVICE_JAVA_OPTS:-}"
results=$work/results.tsv
: >"$results"

# heap_resident_kb PID: resident KB of the mappings inside the Java heap's reserved range (read
# from GC.heap_info's "[start, end)"), compared as 16-digit hex strings (mawk has no strtonum).
heap_resident_kb() {
  local range
  range=$(jcmd "$1" GC.heap_info | grep -oE '\[0x[0-9a-f]+, 0x[0-9a-f]+\)' | head -1 | tr -d '[]()x,' | sed 's/^0//; s/ 0/ /')
  awk -v lo="${range% *}" -v hi="${range#* }" '
    function pad(h) { while (length(h) < 16) h = "0" h; return h }
    BEGIN { lo = pad(lo); hi = pad(hi) }
    /^[0-9a-f]+-[0-9a-f]+ / { split($1, a, "-"); inside = pad(a[1]) >= lo && pad(a[1]) < hi }
    /^Rss:/ { if (inside) kb += $2 }
    END { print kb + 0 }' "/proc/$1/smaps"
}

variants=(bare agent-obs)
((by_signal)) && variants=(bare none metrics logs traces agent-obs)

# measure_variant VARIANT ROUND: one run; appends variant<TAB>metric<TAB>value lines to $results.
measure_variant() {
  local variant=$1 round=$2 jar= out=$work/$1-$2 pid t0 t1 requests gc_before
  [[ $variant != bare ]] && jar=$AGENT_JAR
  SERVICE_OPTS=("${JVM_OPTS[@]}" "-Xlog:gc,gc+heap=info,gc+age=trace:file=$out.gc.log")
  local port url
  port=$(free_port)
  url=http://127.0.0.1:$port/work
  READ_STDOUT=1 start_service "$port" "$out" "$jar" "$sink" "$(free_port)" \
    "${SIGNAL_SETTINGS[$variant]:+,${SIGNAL_SETTINGS[$variant]}}"
  pid=$SERVICE_PID
  echo "-- $variant, round $round: ${warm}s warm-up, ${measure}s measured" >&2
  wrk -t2 -c16 -d"${warm}s" --timeout 5s "$url" >"$out.warm.wrk"
  gc_before=$(grep -c 'Pause Young' "$out.gc.log" || true)
  t0=$(process_ticks "$pid")
  wrk -t2 -c16 -d"${measure}s" --timeout 5s "$url" >"$out.wrk"
  t1=$(process_ticks "$pid")
  requests=$(wrk_requests "$out.wrk")
  jcmd "$pid" GC.heap_info >"$out.heap_info"
  jcmd "$pid" Compiler.codecache >"$out.codecache"
  jcmd "$pid" PerfCounter.print >"$out.counters"
  {
    echo -e "req/s\t$((requests / measure))"
    awk -v a="$t0" -v b="$t1" -v n="$requests" -v t="$(getconf CLK_TCK)" \
      'BEGIN {printf "CPU µs/req\t%.1f\n", (b - a) / t * 1e6 / n}'
    awk '/VmRSS/ {printf "RSS MiB\t%.0f\n", $2 / 1024} /^Threads/ {print "threads\t" $2}' "/proc/$pid/status"
    local heap_kb
    heap_kb=$(heap_resident_kb "$pid")
    echo -e "heap resident MiB\t$((heap_kb / 1024))"
    awk -v h="$heap_kb" '/VmRSS/ {printf "resident outside the heap MiB\t%.0f\n", ($2 - h) / 1024}' "/proc/$pid/status"
    # the last young pause: the heap's committed size, and its old and humongous regions after it
    awk '/Pause Young/ {if (match($0, /\([0-9]+M\)/)) c = substr($0, RSTART + 1, RLENGTH - 3)}
      /Old regions:/ {split($NF, o, "->"); old = o[2]} /Humongous regions:/ {split($NF, h, "->"); hum = h[2]}
      END {print "heap committed MiB\t" c; print "old regions\t" old; print "humongous regions\t" hum}' "$out.gc.log"
    grep 'Pause Young' "$out.gc.log" | tail -n +"$((gc_before + 1))" | sed -E 's/.* ([0-9.]+)ms$/\1/' |
      awk '{s += $1; n++; if ($1 > m) m = $1}
        END {print "young GCs\t" n; printf "young pause avg ms\t%.2f\n", n ? s / n : 0; printf "young pause max ms\t%.2f\n", m}'
    # what each young collection of the window kept of the objects allocated since the one before
    # (age 1 in G1's age table): the more, the longer the pause, which G1's heap sizing reacts to
    echo -e "young survivors, median KB\t$(awk -v skip="$gc_before" \
      '/Pause Young/ {n++} n >= skip && / - age +1:/ {printf "%.0f\n", $(NF - 3) / 1024}' "$out.gc.log" | median_lines)"
    awk '/^ *Metaspace/ {for (i = 1; i <= NF; i++) if ($i == "committed") {v = $(i + 1); sub(/K,?$/, "", v); printf "metaspace committed MiB\t%.1f\n", v / 1024}}' "$out.heap_info"
    awk '/used=/ {for (i = 1; i <= NF; i++) if ($i ~ /^used=/) {v = $i; gsub(/[^0-9]/, "", v); kb += v}}
      END {printf "code cache used MiB\t%.1f\n", kb / 1024}' "$out.codecache"
    awk -F= '$1 == "java.cls.loadedClasses" {l = $2} $1 == "java.cls.unloadedClasses" {u = $2}
      $1 == "java.cls.sharedLoadedClasses" {s = $2} END {print "classes loaded, not from the CDS archive\t" l - u; print "classes loaded from the CDS archive\t" s}' "$out.counters"
  } | sed "s/^/$variant\t/" >>"$results"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  if [[ -n $jar ]]; then
    wait "$STDOUT_READER" 2>/dev/null || true
  fi
}

sink=$(free_port)
start_sink "$sink" "$work/sink.log"
for round in $(seq "$rounds"); do
  # interleaved, the order reversed every other round, so a drift of the host's speed hits all alike
  order=("${variants[@]}")
  if ((round % 2 == 0)); then
    order=()
    for ((i = ${#variants[@]} - 1; i >= 0; i--)); do order+=("${variants[i]}"); done
  fi
  for variant in "${order[@]}"; do
    measure_variant "$variant" "$round"
  done
done

# median_of VARIANT MEASURE: the median of its rounds' values
median_of() {
  awk -F'\t' -v v="$1" -v m="$2" '$1 == v && $2 == m {print $3}' "$results" | median_lines
}

report=$ROOT/benchmarks/results/memory-$stamp.md
{
  if ((by_signal)); then
    echo "# Memory of the bench service under load: bare, agent-obs, and each of its signals"
  else
    echo "# Memory of the bench service under load: bare and agent-obs"
  fi
  echo
  machine_header
  echo
  echo "Load: \`wrk -t2 -c16\` on \`GET /work\` (one request span, five phases), ${warm} s warm-up then" \
    "${measure} s measured; ${rounds} interleaved round(s), medians (young pauses and survivors: the" \
    "measured window's collections; survivors: what a collection kept of the objects allocated since" \
    "the one before, age 1 in \`-Xlog:gc+age=trace\`)." \
    "Service JVM options: ${SERVICE_JAVA_OPTS:-none (JVM defaults)}; agent-obs: every signal on, spans" \
    "over OTLP/HTTP to a loopback sink, JSON logs to stdout read by another process. Heap" \
    "resident: the resident pages of the heap's reserved range (/proc/PID/smaps); regions: G1's, after" \
    "the last young pause (\`-Xlog:gc+heap\`); metaspace, code cache and classes from jcmd."
  if ((by_signal)); then
    echo "none: agent-obs with every signal off (its instrumentation and observer only); metrics," \
      "logs, traces: that signal alone."
  fi
  echo
  echo "| measure |$(printf ' %s |' "${variants[@]}") agent-obs − bare |"
  echo "|---|$(printf -- '---|%.0s' "${variants[@]}")---|"
  cut -f2 "$results" | awk '!seen[$0]++' | while IFS= read -r metric; do
    row="| $metric |"
    for variant in "${variants[@]}"; do
      row+=" $(median_of "$variant" "$metric") |"
    done
    b=$(median_of bare "$metric")
    a=$(median_of agent-obs "$metric")
    echo "$row $(awk -v a="$a" -v b="$b" 'BEGIN {d = a - b; printf (d >= 0 ? "+" : "") (d == int(d) ? "%d" : "%.2f"), d}') |"
  done
  echo
  echo "Every run's figures: \`$results\` (variant, measure, value)."
} >"$report"
cat "$report"
echo "report: $report" >&2
