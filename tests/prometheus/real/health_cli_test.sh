#!/bin/sh
# `golive health` against the real Prometheus of the fixture (start-prometheus.sh), through the
# real binary: it scrapes itself (up 1) and, as nl2cypher, a dead port (up 0).
# Usage: health_cli_test.sh GOLIVE FIXTURE_DIR
set -u

golive=${1:?usage: health_cli_test.sh GOLIVE FIXTURE_DIR}
fixture=${2:?}
port=$(cat "$fixture/port") || { echo "FAIL: no port in $fixture; did the fixture run?"; exit 1; }
dead=$(cat "$fixture/dead-port") || { echo "FAIL: no dead-port in $fixture"; exit 1; }
url="http://127.0.0.1:$port"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
unset GOLIVE_PROMETHEUS_URL GOLIVE_PROMETHEUS_TOKEN
mkdir -p "$HOME"

failures=0
fail() {
    echo "FAIL: $*"
    echo "--- stdout"; cat "$work/out"
    echo "--- stderr"; cat "$work/err"
    failures=$((failures + 1))
}
run() { # run EXPECTED_EXIT ARGS...
    expected=$1
    shift
    "$golive" "$@" >"$work/out" 2>"$work/err"
    code=$?
    echo "golive $* -> exit $code"
    [ "$code" -eq "$expected" ] || fail "golive $* exited $code, expected $expected"
}
has() { grep -qF -- "$2" "$work/$1" || fail "$1 of the last command lacks: $2"; }
line() { # line SERVICE STATUS: the row of SERVICE says STATUS
    grep -qE "^  $1 +$2 " "$work/out" || fail "the row of $1 does not say $2"
}

panel='{"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below"}}'
cat >"$work/down.json" <<JSON
{"title": "Fixture", "panels": [$panel], "health": [
  {"service": "prometheus", "kind": "promql", "query": "up{job=\"prometheus\"} == 1"},
  {"service": "prometheus-http", "kind": "http", "url": "$url/-/healthy"},
  {"service": "nl2cypher", "kind": "promql", "query": "up{job=\"nl2cypher\"} == 1"},
  {"service": "ui", "kind": "http", "url": "http://127.0.0.1:$dead/", "critical": false},
  {"service": "postgres", "kind": "manual", "how": "pg_isready -p 5432"}]}
JSON
cat >"$work/up.json" <<JSON
{"title": "Fixture", "panels": [$panel], "health": [
  {"service": "prometheus", "kind": "promql", "query": "up{job=\"prometheus\"} == 1"},
  {"service": "prometheus-http", "kind": "http", "url": "$url/-/healthy"},
  {"service": "ui", "kind": "http", "url": "http://127.0.0.1:$dead/", "critical": false}]}
JSON
cat >"$work/bad.json" <<JSON
{"panels": [$panel], "health": [{"service": "db", "kind": "manual"}]}
JSON

# 1. A critical check down: 1, and every row says what was seen.
run 1 health --dashboard "$work/down.json" --prometheus "$url"
has out "Fixture: health of 5 services, PromQL asked of Prometheus at $url"
line prometheus up
line prometheus-http up
line nl2cypher down
line ui down
line postgres "not probed"
has out 'up{job="nl2cypher"} == 1 returned no sample'
has out "connection refused"
has out "checked by hand: pg_isready -p 5432"
has err "critical check(s) down: nl2cypher"

# 2. Only a non-critical one down: 0.
run 0 health --dashboard "$work/up.json" --prometheus "$url"
line ui down
has err "ok: no critical check is down"

# 3. Demo: nothing probed, every probed check up and marked DEMO.
run 0 health --dashboard "$work/down.json" --demo
line nl2cypher up
has out "DEMO: nothing was probed"

# 4. Prometheus unreachable: the PromQL checks are unknown, not down (the HTTP ones still count).
run 0 health --dashboard "$work/up.json" --prometheus "http://127.0.0.1:$dead"
line prometheus unknown
has out "cannot reach Prometheus at http://127.0.0.1:$dead"

# 5. A broken health list: 2, naming the file, the check and the field.
run 2 health --dashboard "$work/bad.json"
has err "$work/bad.json: health check 1 (\"db\"): how is missing"
run 2 health --demo --prometheus "$url"
has err "not both"

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "all health CLI checks passed"
