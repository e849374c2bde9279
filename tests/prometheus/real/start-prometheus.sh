#!/bin/sh
# CTest fixture: start a real Prometheus (Debian's prometheus + promtool) on a free loopback
# port, with the backfilled SLO scenario of scenario.py and the alert rules of rules.yml.
# Usage: start-prometheus.sh DIR   (writes DIR/port, DIR/pid, DIR/scenario.json, DIR/*.log)
set -eu

dir=${1:?usage: start-prometheus.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# A Prometheus left over from an interrupted run is stopped first.
"$here/stop-prometheus.sh" "$dir" >/dev/null 2>&1 || true
rm -rf "$dir/data" "$dir/port" "$dir/pid"

for tool in prometheus promtool python3 curl; do
    command -v "$tool" >/dev/null || { echo "start-prometheus: $tool is not installed" >&2; exit 1; }
done

python3 "$here/scenario.py" --out "$dir/scenario.om" --meta "$dir/scenario.json"
promtool tsdb create-blocks-from openmetrics "$dir/scenario.om" "$dir/data" >"$dir/promtool.log" 2>&1 || {
    echo "start-prometheus: promtool could not backfill the scenario:" >&2
    cat "$dir/promtool.log" >&2
    exit 1
}
cp "$here/rules.yml" "$dir/rules.yml"
cat >"$dir/prometheus.yml" <<YAML
global:
  evaluation_interval: 1s
rule_files:
  - $dir/rules.yml
scrape_configs: []
YAML
promtool check config "$dir/prometheus.yml" >"$dir/promtool-check.log" 2>&1 || {
    cat "$dir/promtool-check.log" >&2
    exit 1
}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# setsid: the fixture outlives this script, and CTest must not wait on its output.
setsid prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=30d \
    --log.level=warn </dev/null >"$dir/prometheus.log" 2>&1 &
pid=$!
echo "$pid" >"$dir/pid"
echo "$port" >"$dir/port"
base="http://127.0.0.1:$port"

fail() {
    echo "start-prometheus: $1" >&2
    tail -n 20 "$dir/prometheus.log" >&2 || true
    "$here/stop-prometheus.sh" "$dir" >&2 || true
    exit 1
}

# Ready within 10 s.
i=0
until curl -fsS "$base/-/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || fail "prometheus exited at start"
    i=$((i + 1))
    [ "$i" -le 100 ] || fail "prometheus at $base was not ready within 10 s"
    sleep 0.1
done

# The critical alert fires within 10 s (rules evaluate every second).
i=0
until curl -fsS "$base/api/v1/alerts" 2>/dev/null | grep -q '"alertname":"ProvLedgerLatencyHigh".*"state":"firing"\|"state":"firing".*"alertname":"ProvLedgerLatencyHigh"'; do
    i=$((i + 1))
    [ "$i" -le 100 ] || fail "ProvLedgerLatencyHigh did not fire within 10 s: $(curl -sS "$base/api/v1/alerts")"
    sleep 0.1
done

echo "prometheus $(prometheus --version 2>&1 | head -n 1 | cut -d' ' -f3) ready at $base (pid $pid), data in $dir/data"
