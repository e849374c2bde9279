#!/usr/bin/env bash
# `golive exec` as a pipeline uses it: a runbook block run and recorded (output, exit code,
# redactions) and signed with the evidence named; refusals before anything runs (an observer,
# several blocks, no command); exit 127 recorded; Ctrl+C stops the command, recorded stopped;
# golive killed with SIGKILL mid-run, then the next exec records the run as interrupted with the
# output so far; --timeout kills the command's whole group; two execs at once on one run are
# both recorded; SIGTERM/SIGHUP/SIGQUIT stop the command like Ctrl+C; a secret in the command's
# text is not kept; a run that requires signatures refuses an exec without a roster key before
# it runs, and a left-over signed run is recorded by the next exec with the same key.
set -euo pipefail
golive=$1
dir=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    # Commands run in process groups of their own, which write their group id to *.group.
    for g in "$dir"/*.group; do [ -e "$g" ] && kill -9 -- "-$(cat "$g")" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT
export HOME=$dir XDG_CONFIG_HOME=$dir/config XDG_DATA_HOME=$dir/data QT_QPA_PLATFORM=offscreen
fail() { echo "$1" >&2; shift; [ $# -eq 0 ] || cat "$@" >&2; exit 1; }
# An event's column, and its stored bytes, read with sqlite3 as an auditor would.
col() { python3 - "$run" "$1" "$2" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("select %s from events where seq=?" % sys.argv[3], (int(sys.argv[2]),)).fetchone()[0])
PY
}
blob() { python3 - "$run" "$1" <<'PY'
import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
sha = c.execute("select field_key from events where seq=?", (int(sys.argv[2]),)).fetchone()[0]
data = b"".join(r[0] for r in c.execute(
    "select data from blob_chunks join blobs on blobs.id=blob_id where sha256=? order by n", (sha,)))
assert hashlib.sha256(data).hexdigest() == sha, "stored bytes do not match their hash"
sys.stdout.buffer.write(data)
PY
}
json() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$(col "$1" text)" "$2"; }

cat >"$dir/rb.md" <<'MD'
# Release

## Checks

- [ ] Smoke tests

  ```sh
  echo "smoke ok"; printf '\033[32mgreen\033[0m\033]52;c;cHduZWQ=\007\n'; echo "token=s3cr3t"; exit 0
  ```

- [ ] Two ways

  ```
  echo one
  ```

  ```bash
  echo two; exit 4
  ```

- [ ] Reading only
MD
run=$dir/run.golive
"$golive" new --runbook "$dir/rb.md" --out "$run" >/dev/null 2>&1
as=(--as Ana --role release-captain --run "$run")

# A block run: its output printed as it comes, without raw escapes; recorded; exit 0.
"$golive" exec 1.1 "${as[@]}" --yes >"$dir/out" 2>"$dir/err" || fail "exec 1.1 failed:" "$dir/err"
grep -q "recorded as event #1; sign it with: golive sign 1.1 --evidence 1" "$dir/err" ||
    fail "no 'recorded as event #1':" "$dir/err"
[ "$(cat "$dir/out")" = "$(printf 'smoke ok\ngreen\ntoken=[REDACTED]')" ] || fail "printed output:" "$dir/out"
! grep -q $'\033' "$dir/out" || fail "a raw escape reached stdout that is not a terminal" "$dir/out"
[ "$(col 1 kind)" = command-run ] && [ "$(col 1 item_id)" = 1.1 ] || fail "event 1 is not 1.1's command-run"
# Two redactions: the token in the output, and the same in the command's own text.
[ "$(json 1 outcome)" = exited ] && [ "$(json 1 exit)" = 0 ] && [ "$(json 1 redactions)" = 2 ] ||
    fail "event 1's record: $(col 1 text)"
blob 1 >"$dir/kept"
grep -q "token=\[REDACTED\]" "$dir/kept" && ! grep -q s3cr3t "$dir/kept" || fail "kept output:" "$dir/kept"
[ "$(json 1 kept_bytes)" = "$(stat -c %s "$dir/kept")" ] || fail "kept_bytes differs from the blob"
"$golive" sign 1.1 --evidence 1 "${as[@]}" >/dev/null 2>"$dir/err" || fail "sign --evidence 1:" "$dir/err"
[ "$(col 2 field_key)" = evidence:1 ] || fail "the sign-off does not name evidence 1: $(col 2 field_key)"
! "$golive" sign 1.2 --evidence 1 "${as[@]}" 2>"$dir/err" || fail "signed 1.2 with 1.1's evidence"

# Several blocks: refused, naming them; --block picks one; its exit status is exec's.
set +e
"$golive" exec 1.2 "${as[@]}" --yes >"$dir/out" 2>"$dir/err"; code=$?
set -e
[ $code = 2 ] && grep -q -- "--block 2: echo two; exit 4" "$dir/err" || fail "several blocks, exit $code:" "$dir/err"
set +e
"$golive" exec 1.2 --block 2 "${as[@]}" --yes >"$dir/out" 2>"$dir/err"; code=$?
set -e
[ $code = 1 ] && [ "$(json 3 exit)" = 4 ] && [ "$(json 3 block)" = 2 ] || fail "block 2, exit $code:" "$dir/err"

# No command under the item: refused in words. An observer: refused before anything runs.
! "$golive" exec 1.3 "${as[@]}" --yes 2>"$dir/err" || fail "ran an item without a command"
grep -q "gives no command to run" "$dir/err" || fail "no words for an item without a command:" "$dir/err"
! "$golive" exec 1.1 --as Oz --role observer --run "$run" --command "touch '$dir/ran'" --yes 2>"$dir/err" ||
    fail "an observer ran a command"
[ ! -e "$dir/ran" ] || fail "an observer's command ran before it was refused"
grep -q "observers cannot" "$dir/err" || fail "the observer's refusal:" "$dir/err"

# A command that does not exist: exit 127, recorded.
! "$golive" exec 1.3 --command golive-no-such-command "${as[@]}" --yes >/dev/null 2>"$dir/err" ||
    fail "a missing command exited 0"
seq=$(sed -n 's/.*recorded as event #\([0-9]*\);.*/\1/p' "$dir/err")
[ "$(json "$seq" exit)" = 127 ] && [ "$(json "$seq" outcome)" = exited ] || fail "127 not recorded:" "$dir/err"

# --timeout: the command and what it started are killed; recorded timed-out.
! "$golive" exec 1.3 --timeout 2s --command "sleep 1000 & echo \$! > '$dir/child'; wait" "${as[@]}" --yes \
    >/dev/null 2>"$dir/err" || fail "a timed-out command exited 0"
seq=$(sed -n 's/.*recorded as event #\([0-9]*\);.*/\1/p' "$dir/err")
[ "$(json "$seq" outcome)" = timed-out ] || fail "not recorded timed-out:" "$dir/err"
child=$(cat "$dir/child"); pids+=("$child")
for _ in $(seq 50); do [ -e "/proc/$child" ] && [ "$(awk '{print $3}' "/proc/$child/stat" 2>/dev/null)" != Z ] || break; sleep 0.1; done
! { [ -e "/proc/$child" ] && [ "$(awk '{print $3}' "/proc/$child/stat" 2>/dev/null)" != Z ]; } ||
    fail "the timed-out command's child sleep $child still runs"

# Ctrl+C (SIGINT to golive) stops the command, not golive: recorded stopped.
"$golive" exec 1.3 --command "echo \$\$ > '$dir/int.group'; echo begun; sleep 1000" "${as[@]}" --yes >"$dir/int.out" 2>"$dir/err" &
pid=$!; pids+=("$pid")
for _ in $(seq 100); do grep -q begun "$dir/int.out" 2>/dev/null && break; sleep 0.1; done
grep -q begun "$dir/int.out" || fail "the command did not begin within 10 s:" "$dir/err"
kill -INT "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$pid" 2>/dev/null || fail "Ctrl+C did not stop the command within 10 s:" "$dir/err"
set +e; wait "$pid"; code=$?; set -e
[ $code = 1 ] || fail "after Ctrl+C exec exited $code:" "$dir/err"
seq=$(sed -n 's/.*recorded as event #\([0-9]*\);.*/\1/p' "$dir/err")
[ -n "$seq" ] && [ "$(json "$seq" outcome)" = stopped ] || fail "Ctrl+C not recorded stopped:" "$dir/err"

# golive killed mid-run: the next exec records the run as interrupted, with its output so far.
"$golive" exec 1.3 --command "echo \$\$ > '$dir/kill.group'; echo so far; echo password=hunter2; exec sleep 1000" \
    "${as[@]}" --yes \
    >"$dir/kill.out" 2>"$dir/err" &
pid=$!; pids+=("$pid")
for _ in $(seq 100); do grep -q "so far" "$dir/kill.out" 2>/dev/null && break; sleep 0.1; done
sleep 0.2
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
# The orphaned command (its own process group) is ours to end: golive never got to.
kill -9 -- "-$(cat "$dir/kill.group")" 2>/dev/null || true
[ -n "$(ls "$dir/data"/*/*/running/*.json 2>/dev/null)" ] || fail "no journal was left"
grep -q '"redactions": 2' "$dir/data"/*/*/running/*.json || fail "the journal does not count the redactions"
! grep -q hunter2 "$dir/data"/*/*/running/*.json || fail "the journal keeps the command's password"
"$golive" exec 1.3 --command "echo next" "${as[@]}" --yes >/dev/null 2>"$dir/err" || fail "next exec:" "$dir/err"
grep -q "was interrupted: the golive that ran it ended before recording it; recorded as interrupted" "$dir/err" ||
    fail "the left-over run was not said to be recorded:" "$dir/err"
seq=$(sed -n 's/.*recorded as interrupted.* as event #\([0-9]*\)$/\1/p' "$dir/err")
[ "$(json "$seq" outcome)" = interrupted ] && [ "$(json "$seq" redactions)" = 2 ] || fail "record: $(col "$seq" text)"
blob "$seq" >"$dir/kept"
[ "$(cat "$dir/kept")" = "$(printf 'so far\npassword=[REDACTED]')" ] || fail "interrupted output:" "$dir/kept"
[ -z "$(ls "$dir/data"/*/*/running/ 2>/dev/null)" ] || fail "the journal was not removed"

# Two execs on one run at once: the second does not take the first's journal for left over;
# both are recorded as they ran.
"$golive" exec 1.3 --command "echo A; sleep 3; echo A-ok" "${as[@]}" --yes >"$dir/outA" 2>"$dir/errA" &
pid=$!; pids+=("$pid")
for _ in $(seq 100); do grep -q "^A$" "$dir/outA" && break; sleep 0.1; done
"$golive" exec 1.3 --command "echo B" "${as[@]}" --yes >"$dir/outB" 2>"$dir/errB" || fail "exec B:" "$dir/errB"
! grep -q "interrupted" "$dir/errB" || fail "exec B took exec A's running command for left over:" "$dir/errB"
wait "$pid" || fail "exec A:" "$dir/errA"
seqA=$(sed -n 's/.*recorded as event #\([0-9]*\);.*/\1/p' "$dir/errA")
seqB=$(sed -n 's/.*recorded as event #\([0-9]*\);.*/\1/p' "$dir/errB")
[ -n "$seqA" ] && [ -n "$seqB" ] && [ "$(json "$seqA" outcome)" = exited ] && [ "$(json "$seqB" outcome)" = exited ] ||
    fail "not both recorded as exited: A=$seqA B=$seqB" "$dir/errA" "$dir/errB"
[ "$(blob "$seqA")" = "$(printf 'A\nA-ok')" ] && [ "$(blob "$seqB")" = B ] || fail "A's or B's output"
[ -z "$(ls "$dir/data"/*/*/running/ 2>/dev/null)" ] || fail "a journal was left behind"

# SIGTERM, SIGHUP, SIGQUIT to exec: like Ctrl+C, the command's whole group is stopped and
# recorded stopped; nothing is left running.
for sig in TERM HUP QUIT; do
    # An output file of its own: the last round's "begun" must not send the signal before
    # this exec has even started (a background job ignores SIGQUIT until golive handles it).
    "$golive" exec 1.3 --command "echo \$\$ > '$dir/$sig.group'; echo begun; sleep 1000 & sleep 1000" \
        "${as[@]}" --yes >"$dir/$sig.out" 2>"$dir/err" &
    pid=$!; pids+=("$pid")
    for _ in $(seq 100); do grep -q begun "$dir/$sig.out" 2>/dev/null && break; sleep 0.1; done
    grep -q begun "$dir/$sig.out" || fail "the command did not begin within 10 s:" "$dir/err"
    kill -"$sig" "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    ! kill -0 "$pid" 2>/dev/null || fail "SIG$sig did not end exec within 10 s:" "$dir/err"
    set +e; wait "$pid"; code=$?; set -e
    [ $code = 1 ] || fail "after SIG$sig exec exited $code:" "$dir/err"
    seq=$(sed -n 's/.*recorded as event #\([0-9]*\);.*/\1/p' "$dir/err")
    [ -n "$seq" ] && [ "$(json "$seq" outcome)" = stopped ] || fail "SIG$sig not recorded stopped:" "$dir/err"
    group=$(cat "$dir/$sig.group")
    for _ in $(seq 50); do pgrep -g "$group" >/dev/null || break; sleep 0.1; done
    ! pgrep -g "$group" >/dev/null || fail "after SIG$sig the command's group $group still runs"
done

# A secret in the command's own text is not kept: not in the event, not printed.
"$golive" exec 1.3 --command 'echo "Authorization: Bearer sekrit" >/dev/null' "${as[@]}" --yes \
    >"$dir/out" 2>"$dir/err" || fail "exec with a header:" "$dir/err"
seq=$(sed -n 's/.*recorded as event #\([0-9]*\);.*/\1/p' "$dir/err")
! grep -q sekrit "$dir/err" || fail "the command's secret was printed:" "$dir/err"
! col "$seq" text | grep -q sekrit || fail "the command's secret is in the event: $(col "$seq" text)"
[ "$(json "$seq" redactions)" = 1 ] || fail "the command's redaction is not counted: $(col "$seq" text)"
"$golive" attachments --run "$run" --json >"$dir/out" 2>&1 || fail "attachments --json:" "$dir/out"
! grep -q sekrit "$dir/out" || fail "attachments --json shows the command's secret"

"$golive" verify --run "$run" >"$dir/out" 2>&1 || fail "verify:" "$dir/out"

# A run that requires signatures: exec without a key, or with a key not on the roster for the
# person, is refused before the command runs.
ssh-keygen -q -t ed25519 -N "" -C ana -f "$dir/ana"
ssh-keygen -q -t ed25519 -N "" -C other -f "$dir/other"
printf 'Ana,role:release-captain namespaces="golive" %s\n' "$(cat "$dir/ana.pub")" >"$dir/signers"
srun=$dir/signed.golive
"$golive" new --runbook "$dir/rb.md" --allowed-signers "$dir/signers" --require-signatures --out "$srun" \
    >/dev/null 2>"$dir/err" || fail "new signed run:" "$dir/err"
sas=(--as Ana --role release-captain --run "$srun")
! GOLIVE_SIGNING_KEY= "$golive" exec 1.3 --command "touch '$dir/ran-unsigned'" "${sas[@]}" --yes 2>"$dir/err" ||
    fail "an unsigned exec in a run that requires signatures succeeded"
[ ! -e "$dir/ran-unsigned" ] || fail "the command ran before an unsigned record was refused"
grep -q "requires signed sign-offs" "$dir/err" || fail "the refusal does not say signatures are required:" "$dir/err"
! "$golive" exec 1.3 --command "touch '$dir/ran-other'" "${sas[@]}" --key "$dir/other" --yes 2>"$dir/err" ||
    fail "an exec signed with a key off the roster succeeded"
[ ! -e "$dir/ran-other" ] || fail "the command ran before a key off the roster was refused"
# With the key: run and recorded, signed.
"$golive" exec 1.3 --command "echo signed" "${sas[@]}" --key "$dir/ana" --yes >/dev/null 2>"$dir/err" ||
    fail "signed exec:" "$dir/err"

# A signed exec killed mid-run: the next exec without the key leaves it (it needs the key to
# be recorded, and says so, without claiming it still runs); the next with the key records it
# signed.
"$golive" exec 1.3 --command "echo \$\$ > '$dir/signed.group'; echo so far; exec sleep 1000" \
    "${sas[@]}" --key "$dir/ana" --yes >"$dir/signed.out" 2>"$dir/err" &
pid=$!; pids+=("$pid")
for _ in $(seq 100); do grep -q "so far" "$dir/signed.out" 2>/dev/null && break; sleep 0.1; done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
kill -9 -- "-$(cat "$dir/signed.group")" 2>/dev/null || true
! GOLIVE_SIGNING_KEY= "$golive" exec 1.3 --command "true" "${sas[@]}" --yes 2>"$dir/err" || fail "unsigned exec ran"
grep -q "was interrupted: the golive that ran it ended before recording it; it could not be recorded" "$dir/err" &&
    grep -q -- "--key '\?$dir/ana'\?" "$dir/err" && ! grep -q "still running" "$dir/err" ||
    fail "the left-over signed run's words:" "$dir/err"
"$golive" exec 1.3 --command "true" "${sas[@]}" --key "$dir/ana" --yes >/dev/null 2>"$dir/err" ||
    fail "exec with the key:" "$dir/err"
grep -q "recorded as interrupted, with the" "$dir/err" || fail "the left-over signed run was not recorded:" "$dir/err"
[ -z "$(ls "$dir/data"/*/*/running/ 2>/dev/null)" ] || fail "the signed journal was not removed"
"$golive" verify --run "$srun" >"$dir/out" 2>&1 || fail "verify signed:" "$dir/out"
echo "exec: ok"
