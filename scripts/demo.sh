#!/usr/bin/env bash
# One-command demo of agent-obs: the sample AI-agent service with the agent attached, Prometheus
# with our alert rules, Alertmanager with our routing, Zipkin for the traces, all on this machine,
# plus a little traffic (some of it failing). Prints where to look; Ctrl-C stops everything.
#
#   scripts/demo.sh
#
# Needs: Java 17+, Maven (first run builds the jars and fetches Zipkin), and Debian's `prometheus`
# and `prometheus-alertmanager` packages. Ports (override through the environment): APP_PORT 8080,
# METRICS_PORT 9464, PROMETHEUS_PORT 9090, ALERTMANAGER_PORT 9093, ZIPKIN_PORT 9411.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

APP_PORT=${APP_PORT:-8080}
METRICS_PORT=${METRICS_PORT:-9464}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}
ALERTMANAGER_PORT=${ALERTMANAGER_PORT:-9093}
ZIPKIN_PORT=${ZIPKIN_PORT:-9411}

agent_jar=agent/target/agent-obs.jar
sample_jar=sample-target-app/target/sample-target-app.jar
zipkin_jar=integration-tests/target/servers/zipkin-server.jar

die() { echo "demo: $*" >&2; exit 1; }

command -v java >/dev/null || die "java not found (Java 17+ needed)"
command -v prometheus >/dev/null || die "prometheus not found: apt-get install -y prometheus"
alertmanager=$(command -v prometheus-alertmanager || command -v alertmanager) \
  || die "Alertmanager not found: apt-get install -y prometheus-alertmanager"
for port in "$APP_PORT" "$METRICS_PORT" "$PROMETHEUS_PORT" "$ALERTMANAGER_PORT" "$ZIPKIN_PORT"; do
  # a connection that succeeds means something already listens there (e.g. Debian's own services)
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is in use (stop what uses it, e.g. systemctl stop prometheus, or pick another port)"
  fi
done
if [[ ! -f $agent_jar || ! -f $sample_jar || ! -f $zipkin_jar ]]; then
  echo "demo: building the agent, the sample service and fetching Zipkin (mvn package, once)..."
  mvn -B -q package -DskipTests
fi

work=$(mktemp -d -t agent-obs-demo.XXXXXX)
pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "demo: stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "demo: stopped. Logs and configs are kept in $work"
  exit 0
}
trap stop INT TERM EXIT

wait_for() { # name url seconds
  for ((i = 0; i < $3 * 2; i++)); do
    curl -sf -o /dev/null "$2" && return 0
    sleep 0.5
  done
  die "$1 did not come up at $2 (see $work/$1.log)"
}

# The repo's configs, with only the ports and the rules path adapted.
sed -e "s|localhost:9464|127.0.0.1:$METRICS_PORT|" -e "s|localhost:9093|127.0.0.1:$ALERTMANAGER_PORT|" \
    -e "s|\.\./alerts/agent-alerts\.yml|$repo/alerts/agent-alerts.yml|" \
    config/prometheus.yml > "$work/prometheus.yml"
cp config/alertmanager.yml "$work/alertmanager.yml"

echo "demo: starting Zipkin (the slowest, up to a minute or two)..."
java -Xmx256m -XX:TieredStopAtLevel=1 -jar "$zipkin_jar" --armeria.ports[0].ip=127.0.0.1 \
  --armeria.ports[0].port="$ZIPKIN_PORT" --armeria.ports[0].protocols=http > "$work/zipkin.log" 2>&1 &
pids+=($!)
"$alertmanager" --config.file="$work/alertmanager.yml" --storage.path="$work/alertmanager-data" \
  --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" --cluster.listen-address= > "$work/alertmanager.log" 2>&1 &
pids+=($!)
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus-data" \
  --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --enable-feature=exemplar-storage > "$work/prometheus.log" 2>&1 &
pids+=($!)
wait_for zipkin "http://127.0.0.1:$ZIPKIN_PORT/health" 180
wait_for alertmanager "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready" 60
wait_for prometheus "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" 60

echo "demo: starting the sample service with the agent..."
OTEL_SERVICE_NAME=sample-agent-service OTEL_TRACES_EXPORTER=zipkin \
OTEL_EXPORTER_ZIPKIN_ENDPOINT="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans" \
  java -javaagent:"$agent_jar=metrics.host=127.0.0.1,metrics.port=$METRICS_PORT" \
  -jar "$sample_jar" --port "$APP_PORT" > "$work/app.log" 2> "$work/app.stderr.log" &
pids+=($!)
wait_for app "http://127.0.0.1:$APP_PORT/health" 60

# Traffic: one request a second; one in four repeats the previous task (a cache hit), one in ten
# fails (a 500), so HighErrorRate and HighPhaseErrorRate fire after their `for:` (5 and 10 minutes).
(
  n=0
  while true; do
    n=$((n + 1))
    task="demo task $((n - (n % 4 == 0 ? 1 : 0)))"
    simulate=""
    ((n % 10 == 0)) && simulate=',"simulate":"error"'
    curl -s -o /dev/null -XPOST "http://127.0.0.1:$APP_PORT/api/v1/task" \
      -H 'Content-Type: application/json' -d "{\"task\":\"$task\",\"user_id\":\"demo\"$simulate}" || true
    sleep 1
  done
) &
pids+=($!)

cat <<INFO

agent-obs demo is running (everything on 127.0.0.1; Ctrl-C stops it all).

  sample service   http://127.0.0.1:$APP_PORT/api/v1/task   (POST {"task":"...","simulate":"error"|"slow"})
  agent metrics    http://127.0.0.1:$METRICS_PORT/metrics
  Prometheus       http://127.0.0.1:$PROMETHEUS_PORT/graph?g0.expr=sum%20by%20(status)%20(rate(agent_requests_total%5B1m%5D))
                   http://127.0.0.1:$PROMETHEUS_PORT/alerts   (HighErrorRate fires after ~6 min, HighPhaseErrorRate after ~11)
  Alertmanager     http://127.0.0.1:$ALERTMANAGER_PORT/   (config/alertmanager.yml; its Slack/PagerDuty
                   placeholders are not real endpoints, so deliveries fail in $work/alertmanager.log)
  Zipkin traces    http://127.0.0.1:$ZIPKIN_PORT/zipkin/?serviceName=sample-agent-service
  JSON logs        $work/app.log   e.g.  jq -c 'select(.event == "task_error")' $work/app.log
  Grafana          import dashboards/agent-service.json and pick this Prometheus as its data source

INFO
wait "${pids[-1]}"
