#!/bin/sh
# `golive check` against the real Prometheus of the fixture (start-prometheus.sh), through the
# real binary: exit codes 0 / 1 / 2 and what the messages name.
# Usage: check_cli_test.sh GOLIVE FIXTURE_DIR BUNDLED_DASHBOARD_JSON
set -u

golive=${1:?usage: check_cli_test.sh GOLIVE FIXTURE_DIR DASHBOARD}
fixture=${2:?}
bundled=${3:?}
port=$(cat "$fixture/port") || { echo "FAIL: no port in $fixture; did the fixture run?"; exit 1; }
url="http://127.0.0.1:$port"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# golive check writes nothing, but keep any per-user folder out of the real HOME anyway.
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
unset GOLIVE_PROMETHEUS_URL
mkdir -p "$HOME"

failures=0
fail() {
    echo "FAIL: $*"
    echo "--- stdout"; cat "$work/out"
    echo "--- stderr"; cat "$work/err"
    failures=$((failures + 1))
}
# run EXPECTED_EXIT ARGS...: runs golive, keeps stdout/stderr in $work/out, $work/err.
run() {
    expected=$1
    shift
    "$golive" "$@" >"$work/out" 2>"$work/err"
    code=$?
    echo "golive $* -> exit $code"
    if [ "$code" -ne "$expected" ]; then
        fail "golive $* exited $code, expected $expected"
        return 1
    fi
    return 0
}
has() { # has out|err TEXT
    grep -qF -- "$2" "$work/$1" || fail "$1 of the last command lacks: $2"
}
lacks() {
    ! grep -qF -- "$2" "$work/$1" || fail "$1 of the last command should not contain: $2"
}

# Dashboards written for the test from the bundled one: only the panels that do not breach
# (one of them is "at risk"), those plus a PromQL that Prometheus rejects, and broken ones.
python3 - "$bundled" "$work" <<'PY' || { echo "FAIL: cannot write the test dashboards"; exit 1; }
import json, sys
src, work = sys.argv[1], sys.argv[2]
d = json.load(open(src))
ok = dict(d, title="Summit without prov-ledger latency",
          panels=[p for p in d["panels"] if p["id"] != "prov-ledger-p95"])
json.dump(ok, open(f"{work}/ok.json", "w"), indent=2)
bad = dict(ok, title="One rejected query", panels=ok["panels"] + [
    {"id": "typo", "title": "typo in PromQL", "query": "rate(x[5m]", "unit": "s",
     "slo": {"objective": 1, "good": "below"}}])
json.dump(bad, open(f"{work}/onebad.json", "w"), indent=2)
wrong = json.loads(json.dumps(d))
wrong["panels"][2]["slo"]["good"] = "sideways"
json.dump(wrong, open(f"{work}/wrongfield.json", "w"), indent=2)
open(f"{work}/truncated.json", "w").write(json.dumps(d)[:200])
# vector(1)/0 is +Inf in Prometheus: a value, past an upper bound and within a lower one.
for good in ("below", "above"):
    inf = dict(d, title="Infinity", panels=[
        {"id": "inf", "title": "one over zero", "query": "vector(1) / 0", "unit": "req/s",
         "slo": {"objective": 1, "good": good}}])
    json.dump(inf, open(f"{work}/inf-{good}.json", "w"), indent=2)
PY

# 1. The bundled dashboard: prov-ledger's p95 breaches -> 1, naming the panel and the alert.
if run 1 check --prometheus "$url"; then
    has out "PANEL"
    has out "OBJECTIVE"
    has out "prov-ledger p95 latency"
    has out "450 ms"
    has out "< 350 ms"
    has out "breach"
    has out "at risk"
    has out "0.1%"
    has out "ProvLedgerLatencyHigh"
    has out "[critical]"
    lacks out "Nl2CypherDown"
    has out "Prometheus 2.42"
    has err "BREACH"
    has err "prov-ledger p95 latency"
fi

# 2. The same as JSON, with GOLIVE_PROMETHEUS_URL instead of --prometheus.
export GOLIVE_PROMETHEUS_URL="$url"
run 1 check --json --range 10m
ran=$?
unset GOLIVE_PROMETHEUS_URL
if [ "$ran" -eq 0 ]; then
    python3 - "$work/out" "$url" "$fixture/scenario.json" <<'PY' || fail "the JSON is not the verdict"
import json, sys
v = json.load(open(sys.argv[1]))
expected = json.load(open(sys.argv[3]))["expectedStates"]
assert v["prometheus"] == sys.argv[2], v["prometheus"]
assert v["dashboard"] == ":/dashboards/summit.json", v["dashboard"]
assert v["result"] == "breach", v["result"]
assert v["evaluatedAt"].endswith("Z"), v["evaluatedAt"]
states = {p["id"]: p["state"] for p in v["panels"]}
assert states == expected, states
for p in v["panels"]:
    assert set(p) >= {"id", "title", "value", "unit", "objective", "good", "state", "error"}, p
    assert p["error"] is None and isinstance(p["value"], (int, float)), p
lat = next(p for p in v["panels"] if p["id"] == "prov-ledger-p95")
assert abs(lat["value"] - 0.45) < 0.002 and lat["objective"] == 0.35 and lat["good"] == "below", lat
err = next(p for p in v["panels"] if p["id"] == "prov-ledger-errors")
assert abs(err["value"] - 0.001) < 1e-6 and err["unit"] == "ratio", err
names = {(a["name"], a["severity"], a["state"]) for a in v["alerts"]}
assert ("ProvLedgerLatencyHigh", "critical", "firing") in names, names
PY
fi

# 3. Without the breaching panel: 0, and it says one panel is at risk.
if run 0 check --prometheus "$url" --dashboard "$work/ok.json"; then
    has out "policy-lac 5xx error rate"
    has out "0.5%"
    has err "at risk"
    has err "policy-lac 5xx error rate"
    lacks out "breach"
fi

# 4. One panel Prometheus rejects, the others fine: 2, with Prometheus's own words.
if run 2 check --prometheus "$url" --dashboard "$work/onebad.json"; then
    has out "typo in PromQL"
    has out "unclosed left parenthesis"
    has out "error"
    has err "cannot vouch"
    has err "typo in PromQL"
fi

# 5. Nothing listens on the port: 2, saying Prometheus cannot be reached.
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if run 2 check --prometheus "http://127.0.0.1:$closed" --timeout 5; then
    has err "cannot"
    has err "127.0.0.1:$closed"
    has err "refused"
fi

# 5b. A server that accepts but never answers: 2 after --timeout, not a hang.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True); time.sleep(60)' >"$work/hang.port" &
hang=$!
i=0
while [ ! -s "$work/hang.port" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if run 2 check --prometheus "http://127.0.0.1:$(cat "$work/hang.port")" --timeout 2; then
    has err "did not answer within 2 s"
fi
kill "$hang" 2>/dev/null

# 6. A dashboard that is not JSON, and one with a wrong field: 2, naming the file (and field).
if run 2 check --prometheus "$url" --dashboard "$work/truncated.json"; then
    has err "truncated.json"
    lacks out "PANEL"
fi
if run 2 check --prometheus "$url" --dashboard "$work/wrongfield.json"; then
    has err "wrongfield.json"
    has err "slo.good"
fi
if run 2 check --prometheus "$url" --dashboard "$work/missing.json"; then
    has err "missing.json"
fi

# 6b. +Inf from the real Prometheus (vector(1)/0): a breach of an upper bound, shown as ∞;
# within a lower bound.
if run 1 check --prometheus "$url" --dashboard "$work/inf-below.json"; then
    has out "∞"
    has out "breach"
    lacks out "no data"
fi
if run 0 check --prometheus "$url" --dashboard "$work/inf-above.json"; then
    has out "∞"
    lacks out "no data"
fi
run 1 check --prometheus "$url" --dashboard "$work/inf-below.json" --json &&
    python3 -c 'import json, sys; v = json.load(open(sys.argv[1])); p = v["panels"][0]
assert p["value"] == "+Inf" and p["state"] == "breach", p' "$work/out" ||
    fail "the JSON does not say +Inf, breach"

# 7. Credentials in the URL are refused before anything is sent; bad options are usage errors.
if run 2 check --prometheus "http://ops:hunter2@127.0.0.1:$port"; then
    has err "credentials"
    lacks err "hunter2"
fi
run 2 check --prometheus "$url" --range soon && has err "--range"
run 2 check --prometheus "$url" --timeout -1 && has err "--timeout"
run 0 check --help && has out "golive check [--prometheus URL]"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all golive check cases passed"
