#!/usr/bin/env bash
# `golive verify` on a signed run, as an auditor holding the team's allowed_signers files uses it:
# it prints (and --json carries) the SHA-256 of the roster the run was made with and of the one
# in force at the end, equal to `sha256sum` of those files; and --digest, which vouches for a
# printed copy, fails on a run whose signatures do not check even when the copy's head matches.
# The events are written with python3 + sqlite3 and signed with ssh-keygen (signed_run.py).
set -euo pipefail
golive=$1 build=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export HOME=$dir XDG_CONFIG_HOME=$dir/config QT_QPA_PLATFORM=offscreen
gl() { XDG_DATA_HOME=$(mktemp -d -p "$dir") "$golive" "$@"; }
b() { python3 "$build" "$@"; }
fail() { echo "$1" >&2; shift; [ $# -eq 0 ] || cat "$@" >&2; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
jq_() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }

for k in ic olga; do ssh-keygen -q -t ed25519 -N "" -C "$k" -f "$dir/$k"; done
line() { printf '"%s%s" namespaces="golive" %s\n' "$1" "${3:+,$3}" "$(cut -d' ' -f1,2 "$dir/$2.pub")"; }
{ line "Inès Ortega" ic role:incident-commander; line Olga olga; } >"$dir/roster"
grep -v '^"Olga"' "$dir/roster" >"$dir/roster-without-olga"

# Made with the roster by golive itself; Olga signs, then Inès takes her key off the roster.
run=$dir/signed.golive
gl new --out "$run" --allowed-signers "$dir/roster" >/dev/null
b "$run" append signed 0.1 "" "" "Inès Ortega" incident-commander "$dir/ic"
b "$run" append signed 0.2 "" "" Olga engineer "$dir/olga"
b "$run" append roster-changed "" remove "$(cat "$dir/roster-without-olga")
" "Inès Ortega" incident-commander "$dir/ic"
gl verify --run "$run" >"$dir/out" 2>&1 || fail "verify refused the good signed run:" "$dir/out"
grep -q "3 events signed by roster keys" "$dir/out" || fail "not 3 good signatures:" "$dir/out"
grep -qx "roster sha256 the run was made with: $(sha "$dir/roster")" "$dir/out" ||
    fail "verify did not print the sha256 of the roster the run was made with:" "$dir/out"
grep -qx "roster sha256 in force at the end: $(sha "$dir/roster-without-olga")" "$dir/out" ||
    fail "verify did not print the sha256 of the roster in force at the end:" "$dir/out"
gl verify --json --run "$run" >"$dir/out.json"
[ "$(jq_ "$dir/out.json" 'v["rosterSha256Initial"]')" = "$(sha "$dir/roster")" ] ||
    fail "--json rosterSha256Initial differs:" "$dir/out.json"
[ "$(jq_ "$dir/out.json" 'v["rosterSha256Final"]')" = "$(sha "$dir/roster-without-olga")" ] ||
    fail "--json rosterSha256Final differs:" "$dir/out.json"

# A run without a roster says so; --json has null.
gl new --out "$dir/plain.golive" >/dev/null
gl verify --run "$dir/plain.golive" >"$dir/plain" 2>&1
grep -qx "roster sha256 the run was made with: no roster" "$dir/plain" || fail "no 'no roster':" "$dir/plain"
grep -qx "roster sha256 in force at the end: no roster" "$dir/plain" || fail "no 'no roster':" "$dir/plain"
gl verify --json --run "$dir/plain.golive" >"$dir/plain.json"
[ "$(jq_ "$dir/plain.json" 'v["rosterSha256Initial"] is None and v["rosterSha256Final"] is None')" = True ] ||
    fail "--json of a run without a roster:" "$dir/plain.json"

# --digest: the good run's printed copy matches.
head=$(jq_ "$dir/out.json" 'v["head"]')
gl verify --run "$run" --digest "$head" >"$dir/out" 2>&1 || fail "--digest refused the good run:" "$dir/out"
grep -q "the printed copy matches" "$dir/out" || fail "--digest did not say it matches:" "$dir/out"
# Olga's signature replaced by one over other bytes: the chain is intact and the copy's head
# still matches, but the signature does not check, so the copy is vouched for by nothing.
cp "$run" "$dir/bad.golive"
b "$dir/bad.golive" signother 2 "$dir/olga"
if gl verify --run "$dir/bad.golive" --digest "$head" >"$dir/out" 2>"$dir/err"; then
    fail "verify --digest exited 0 on a run with a bad signature:" "$dir/out" "$dir/err"
fi
grep -q "the printed copy matches" "$dir/out" ||
    fail "verify --digest did not still say whether the copy matches:" "$dir/out" "$dir/err"
grep -q "a bad signature at event #2" "$dir/err" ||
    fail "verify --digest did not say which signature is bad:" "$dir/err"
# The QR code's text form too.
run_id=$(jq_ "$dir/out.json" 'v["runId"]')
if gl verify --run "$dir/bad.golive" --digest "golive:run=$run_id;head=$head" >/dev/null 2>&1; then
    fail "verify --digest (QR text) exited 0 on a run with a bad signature"
fi
echo "verify prints both rosters' sha256 and --digest checks signatures"
