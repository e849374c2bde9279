#!/bin/sh
# A decision recorded on the command line carries a snapshot of what golive could see, through
# the real binary in a throwaway HOME:
#   - Prometheus down (a closed loopback port) or slow (a loopback server that accepts and never
#     answers): the decision is still recorded, within the snapshot timeout plus a margin (a bound
#     on hanging, not a speed test); stderr says "SLO data unavailable"; so does the snapshot;
#   - no Prometheus anywhere: recorded, in the words that say how to give one;
#   - a sign-off of an item without requires= checks takes none: Prometheus (the hanging
#     server, which counts connections) is not contacted, and the command returns at once;
#   - a decision the rules refuse is refused before any snapshot: Prometheus is not contacted;
#   - with --fixture DIR, the real Prometheus of tests/prometheus/real with a breaching panel:
#     the snapshot names the breach and its value.
# The decision under test is the run's first one that takes a snapshot (the gate) unless
# --stored is given: then the gate is opened first and the decision is the GO, and what was
# recorded is read back from the run (status --json, the run file's snapshot column, verify,
# status's summary row). --stored needs the run file to store the snapshot.
# Usage: snapshot_cli_test.sh GOLIVE [--stored] [--fixture DIR BUNDLED_DASHBOARD_JSON]
set -u

golive=${1:?usage: snapshot_cli_test.sh GOLIVE [--stored] [--fixture DIR BUNDLED_DASHBOARD_JSON]}
shift
stored=0
fixture=
while [ $# -gt 0 ]; do
    case $1 in
    --stored) stored=1 ;;
    --fixture)
        fixture=${2:?--fixture needs DIR and the bundled dashboard}
        bundled=${3:?--fixture needs DIR and the bundled dashboard}
        shift 2
        ;;
    *) echo "snapshot_cli_test.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

work=$(mktemp -d)
hang_pid=
up_pid=
cleanup() {
    [ -z "$hang_pid" ] || kill "$hang_pid" 2>/dev/null
    [ -z "$up_pid" ] || kill "$up_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
export QT_QPA_PLATFORM=offscreen
unset GOLIVE_PROMETHEUS_URL GOLIVE_PROMETHEUS_TOKEN GOLIVE_SIGNING_KEY
mkdir -p "$HOME"

failures=0
fail() {
    echo "FAIL: $*"
    echo "--- stdout"; cat "$work/out"
    echo "--- stderr"; cat "$work/err"
    failures=$((failures + 1))
}
# run EXPECTED_EXIT ARGS...: runs golive, keeps stdout/stderr in $work/out, $work/err and the
# time it took, in whole seconds rounded up, in $elapsed.
run() {
    expected=$1
    shift
    t0=$(date +%s%N)
    "$golive" "$@" >"$work/out" 2>"$work/err"
    code=$?
    t1=$(date +%s%N)
    elapsed=$(((t1 - t0 + 999999999) / 1000000000))
    echo "golive $* -> exit $code in ${elapsed}s"
    if [ "$code" -ne "$expected" ]; then
        fail "golive $* exited $code, expected $expected"
        return 1
    fi
    return 0
}
has() { grep -qF -- "$2" "$work/$1" || fail "$1 of the last command lacks: $2"; }
lacks() { ! grep -qF -- "$2" "$work/$1" || fail "$1 of the last command should not contain: $2"; }
within() { # within SECONDS WHAT: the last command ended within SECONDS
    [ "$elapsed" -le "$1" ] || fail "$2 took ${elapsed}s, more than $1 s"
}
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ic="--as Ines --role incident-commander"
rc="--as Rae --role release-captain"

# A dashboard of our own for the offline cases: one panel, a PromQL check, an HTTP check on a
# closed port and a manual one (nothing on this machine is asked but what the test starts).
closed=$(free_port)
cat >"$work/dash.json" <<JSON
{"title": "Snapshot test", "panels": [
  {"id": "p95", "title": "api p95 latency", "query": "up", "unit": "s",
   "slo": {"objective": 0.3, "good": "below"}}],
 "health": [
  {"service": "api", "kind": "promql", "query": "up{job=\"api\"} == 1"},
  {"service": "web", "kind": "http", "url": "http://127.0.0.1:$closed/health"},
  {"service": "postgres", "kind": "manual", "how": "pg_isready"}]}
JSON

# new_run NAME [DASHBOARD]: a run of the bundled runbook with the dashboard given.
new_run() {
    r="$work/$1.golive"
    if [ -n "${2:-}" ]; then
        "$golive" new --out "$r" --dashboard "$2" >"$work/out" 2>"$work/err" || fail "new $1"
    else
        "$golive" new --out "$r" >"$work/out" 2>"$work/err" || fail "new $1"
    fi
    echo "$r"
}

# decide RUN EXPECTED_EXIT SNAPSHOT_ARGS...: the decision under test on RUN with the snapshot
# options given. Without --stored, the gate (the run's first snapshot); with it, the gate is
# opened first (no Prometheus: quick), then the GO is the decision.
verb=gate
[ "$stored" -eq 0 ] || verb=go
decide() {
    r=$1
    expected=$2
    shift 2
    if [ "$stored" -eq 1 ]; then
        # shellcheck disable=SC2086
        "$golive" gate $rc --run "$r" >"$work/out" 2>"$work/err" || fail "the gate before the GO"
        # shellcheck disable=SC2086
        run "$expected" go $ic --reason "over the open pre-checks" --run "$r" "$@"
    else
        # shellcheck disable=SC2086
        run "$expected" gate $rc --run "$r" "$@"
    fi
}

# stored_snapshot RUN PYTHON: the last event's snapshot (status --json and the run file's
# snapshot column agree), checked by the Python expression over `s` (the snapshot object).
stored_snapshot() {
    [ "$stored" -eq 1 ] || return 0
    "$golive" status --json --run "$1" >"$work/status.json" 2>"$work/err" || {
        fail "status --json of $1"
        return
    }
    python3 - "$work/status.json" "$1" "$2" <<'PY' || fail "the stored snapshot: $2"
import json, sqlite3, sys
status = json.load(open(sys.argv[1]))
events = status["events"]
last = events[-1]
assert last["kind"] == "decision" and last["field"] == "go", last
s = last.get("snapshot")
assert isinstance(s, dict), f"status --json has no snapshot object on the GO: {last}"
db = sqlite3.connect(f"file:{sys.argv[2]}?mode=ro", uri=True)
(raw,) = db.execute("SELECT snapshot FROM events WHERE seq = ?", (last["seq"],)).fetchone()
assert raw and json.loads(raw) == s, f"the run file's snapshot column differs: {raw!r}"
ok = eval(sys.argv[3], {"s": s})
assert ok, json.dumps(s, indent=1)
PY
    "$golive" verify --run "$1" >"$work/out" 2>"$work/err" || fail "verify refused a run with snapshots"
}

# --- A loopback server that accepts connections and never answers; it logs each one ---------
python3 - "$work/hang.log" >"$work/hang.port" <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
s.settimeout(0.2)
print(s.getsockname()[1], flush=True)
held = []
end = time.time() + 300
while time.time() < end:
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    held.append(c)
    with open(sys.argv[1], "a") as log:
        log.write("accepted\n")
PY
hang_pid=$!
i=0
while [ ! -s "$work/hang.port" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
hang="http://127.0.0.1:$(cat "$work/hang.port")"
connections() { [ -f "$work/hang.log" ] && wc -l <"$work/hang.log" || echo 0; }

if [ -z "$fixture" ]; then
    # 1. A sign-off of an item without requires= checks takes no snapshot: the hanging server is
    # not contacted, and a 60 s snapshot timeout is not waited for.
    r=$(new_run nosnap "$work/dash.json")
    if run 0 sign 4.1 --as Eli --role engineer --run "$r" --prometheus "$hang" --snapshot-timeout 60; then
        within 10 "a sign-off without requires= checks"
        lacks out "snapshot:"
        lacks err "SLO data unavailable"
    fi
    [ "$(connections)" -eq 0 ] || fail "the sign-off contacted Prometheus ($(connections) connections)"
    if [ "$stored" -eq 1 ]; then
        "$golive" status --json --run "$r" >"$work/status.json" 2>"$work/err"
        python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))["events"][-1]
assert e["item"] == "4.1" and "snapshot" not in e, e' "$work/status.json" ||
            fail "the sign-off of 4.1 carries a snapshot"
    fi

    # 1b. A decision the rules refuse (a rollback before any GO) is refused before the snapshot
    # is taken: Prometheus is not asked and the run's lock is not held for the timeout.
    r=$(new_run refused "$work/dash.json")
    if run 1 rollback --as Ines --role incident-commander --reason "test" --run "$r" \
        --prometheus "$hang" --snapshot-timeout 60; then
        within 10 "a refused rollback"
        lacks err "SLO data unavailable"
        lacks out "snapshot:"
    fi
    [ "$(connections)" -eq 0 ] || fail "the refused rollback contacted Prometheus ($(connections) connections)"

    # 1c. N/A of an item with requires=health-green reads the snapshot too: with its one health
    # check up (a loopback server answering 200), an engineer may mark 4.3 N/A; the check is
    # judged on what golive saw, never refused for want of a snapshot.
    mkdir -p "$work/up"
    echo ok >"$work/up/health"
    python3 - "$work/up" >"$work/up.port" <<'PY' &
import functools, http.server, sys, time
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
handler.log_message = lambda *a: None
server = http.server.HTTPServer(("127.0.0.1", 0), handler)
server.timeout = 0.2
print(server.server_address[1], flush=True)
end = time.time() + 300
while time.time() < end:
    server.handle_request()
PY
    up_pid=$!
    i=0
    while [ ! -s "$work/up.port" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    cat >"$work/dash-up.json" <<JSON
{"title": "Up", "panels": [
  {"id": "p95", "title": "api p95 latency", "query": "up", "unit": "s",
   "slo": {"objective": 0.3, "good": "below"}}],
 "health": [
  {"service": "web", "kind": "http", "critical": true,
   "url": "http://127.0.0.1:$(cat "$work/up.port")/health"}]}
JSON
    r=$(new_run na "$work/dash-up.json")
    if run 0 na 4.3 --as Eli --role engineer --reason "health checked by golive" --run "$r" \
        --snapshot-timeout 5; then
        has out "health: 1 up"
    fi

    # 2. Prometheus down: nothing listens on the port. Recorded, and said.
    r=$(new_run down "$work/dash.json")
    if decide "$r" 0 --prometheus "http://127.0.0.1:$closed" --snapshot-timeout 3; then
        within 8 "golive $verb with Prometheus down"
        has err "golive $verb: SLO data unavailable: "
        has err "127.0.0.1:$closed"
        has err "; recorded without it"
        has out "snapshot: SLO data unavailable: "
        has out "health: "
        has out "web down"
    fi
    stored_snapshot "$r" '"127.0.0.1:'"$closed"'" in s["slo_unavailable"] and not s.get("panels") and s["prometheus"].endswith(":'"$closed"'") and any(h["service"] == "web" and h["state"] == "down" for h in s["health"])'

    # 3. Prometheus slow: it accepts and never answers. Recorded within the timeout and a margin.
    r=$(new_run slow "$work/dash.json")
    before=$(connections)
    if decide "$r" 0 --prometheus "$hang" --snapshot-timeout 2; then
        within 7 "golive $verb with a Prometheus that never answers (timeout 2 s)"
        has err "golive $verb: SLO data unavailable: "
        has err "within 2 s"
        has err "; recorded without it"
        has out "snapshot: SLO data unavailable: "
    fi
    [ "$(connections)" -gt "$before" ] || fail "the snapshot did not ask the slow Prometheus"
    stored_snapshot "$r" '"within 2 s" in s["slo_unavailable"] and "alerts_unavailable" in s'

    # 4. No Prometheus anywhere (no option, no environment, no settings): recorded, in words.
    r=$(new_run none "$work/dash.json")
    if decide "$r" 0; then
        has err "golive $verb: SLO data unavailable: no Prometheus address (give --prometheus or set GOLIVE_PROMETHEUS_URL); recorded without it"
        has out "snapshot: SLO data unavailable: no Prometheus address (give --prometheus or set GOLIVE_PROMETHEUS_URL)"
        # The HTTP check is probed all the same; the PromQL one cannot be.
        has out "web down"
    fi
    stored_snapshot "$r" 's["slo_unavailable"].startswith("no Prometheus address") and s.get("prometheus", "") == ""'

    # 5. $GOLIVE_PROMETHEUS_URL is asked when --prometheus is not given.
    r=$(new_run env "$work/dash.json")
    export GOLIVE_PROMETHEUS_URL="http://127.0.0.1:$closed"
    decide "$r" 0 --snapshot-timeout 3 && has err "127.0.0.1:$closed"
    unset GOLIVE_PROMETHEUS_URL

    # 5b. Else the Settings dialog's address.
    r=$(new_run settings "$work/dash.json")
    mkdir -p "$XDG_CONFIG_HOME/golive"
    printf '[prometheus]\nurl=http://127.0.0.1:%s\n' "$closed" >"$XDG_CONFIG_HOME/golive/golive.conf"
    decide "$r" 0 --snapshot-timeout 3 && has err "127.0.0.1:$closed"
    rm -f "$XDG_CONFIG_HOME/golive/golive.conf"

    # 6. A run without a dashboard: recorded, and the snapshot says so.
    printf -- '---\ntitle: Bare\n---\n# 1. Only\n- [ ] 1.1 One thing\n' >"$work/bare.md"
    "$golive" new --runbook "$work/bare.md" --out "$work/bare.golive" >/dev/null 2>&1 ||
        fail "new from a bare runbook"
    if run 0 observe slo-breach --text "seen by eye" --as Obi --role observer \
        --run "$work/bare.golive" --prometheus "$hang" --snapshot-timeout 30; then
        within 10 "a snapshot of a run without a dashboard"
        has out "snapshot: SLO data unavailable: the run has no SLO dashboard"
        has err "golive observe: SLO data unavailable: the run has no SLO dashboard; recorded without it"
    fi

    # 6b. The dashboard changes between two decisions: each snapshot names the dashboard its
    # panels and checks were judged by (its SHA-256, title and checks), the one of the moment.
    r=$(new_run changed "$work/dash.json")
    # shellcheck disable=SC2086
    run 0 gate $rc --run "$r" --prometheus "http://127.0.0.1:$closed" --snapshot-timeout 3
    sed -e 's/"Snapshot test"/"Changed dashboard"/' -e 's/"service": "web"/"service": "gateway"/' \
        "$work/dash.json" >"$work/dash2.json"
    # shellcheck disable=SC2086
    run 0 dashboard set $ic --run "$r" "$work/dash2.json"
    # shellcheck disable=SC2086
    run 0 go $ic --reason "over the open pre-checks" --run "$r" \
        --prometheus "http://127.0.0.1:$closed" --snapshot-timeout 3
    "$golive" status --json --run "$r" >"$work/status.json" 2>"$work/err"
    python3 - "$work/status.json" "$(sha256sum <"$work/dash.json" | cut -d' ' -f1)" \
        "$(sha256sum <"$work/dash2.json" | cut -d' ' -f1)" <<'PY' || fail "the snapshots do not follow the dashboard set between the gate and the GO"
import json, sys
events = json.load(open(sys.argv[1]))["events"]
snaps = [e["snapshot"] for e in events if "snapshot" in e]
assert len(snaps) == 2, snaps
gate, go = snaps
assert gate["dashboard_sha256"] == sys.argv[2], gate
assert gate["dashboard"] == "Snapshot test", gate
assert any(h["service"] == "web" for h in gate["health"]), gate
assert go["dashboard_sha256"] == sys.argv[3], go
assert go["dashboard"] == "Changed dashboard", go
assert any(h["service"] == "gateway" for h in go["health"]), go
assert not any(h["service"] == "web" for h in go["health"]), go
PY

    # 7. Usage errors, before anything is written.
    r=$(new_run usage "$work/dash.json")
    # shellcheck disable=SC2086
    if run 2 gate $rc --run "$r" --snapshot-timeout 0; then
        has err "--snapshot-timeout"
        has err "nothing was written"
    fi
    # shellcheck disable=SC2086
    if run 2 gate $rc --run "$r" --prometheus "http://ops:hunter2@127.0.0.1:$closed"; then
        has err "credentials"
        lacks err "hunter2"
    fi
    # shellcheck disable=SC2086
    run 2 rollback-step 1 $rc --run "$r" --prometheus "$hang" && has err "prometheus"
    run 0 go --help && has out "--snapshot-timeout"
else
    # The real Prometheus of the fixture: the bundled dashboard's panels (prov-ledger's p95
    # breaches at 450 ms), its firing critical alert, and health checks on its real `up`.
    port=$(cat "$fixture/port") || { echo "FAIL: no port in $fixture; did the fixture run?"; exit 1; }
    dead=$(cat "$fixture/dead-port") || { echo "FAIL: no dead-port in $fixture"; exit 1; }
    url="http://127.0.0.1:$port"
    python3 - "$bundled" "$work/real.json" "$dead" <<'PY' || { echo "FAIL: cannot write the dashboard"; exit 1; }
import json, sys
d = json.load(open(sys.argv[1]))
d["health"] = [
    {"service": "prometheus", "kind": "promql", "query": "up{job=\"prometheus\"} == 1"},
    {"service": "nl2cypher", "kind": "promql", "query": "up{job=\"nl2cypher\"} == 1"},
    {"service": "ui", "kind": "http", "url": f"http://127.0.0.1:{sys.argv[3]}/", "critical": False},
]
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
    r=$(new_run real "$work/real.json")
    if decide "$r" 0 --prometheus "$url" --snapshot-timeout 10; then
        has out "snapshot: SLO: "
        has out "1 breach (prov-ledger p95 latency"
        has out " 450 ms, objective < 350 ms)"
        has out "1 at risk"
        has out "alerts: "
        has out " firing"
        has out "nl2cypher down"
        lacks err "SLO data unavailable"
    fi
    stored_snapshot "$r" '(lambda p: p["state"] == "breach" and abs(p["value"] - 0.45) < 0.002 and p["objective"] == 0.35)(next(p for p in s["panels"] if p["id"] == "prov-ledger-p95")) and any(a["name"].startswith("ProvLedgerLatencyHigh") and a["severity"] == "critical" for a in s["alerts"]) and s["prometheus"] == "'"$url"'" and any(h["service"] == "nl2cypher" and h["state"] == "down" for h in s["health"])'
    if [ "$stored" -eq 1 ]; then
        run 0 status --run "$r" &&
            has out " 450 ms, objective < 350 ms)"
    fi
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all snapshot cases passed (the decision: $verb${fixture:+; the real Prometheus})"
