#!/usr/bin/env bash
# Evidence on the command line: `golive attach` keeps two files, `golive attachments --extract`
# writes them out with a SHA256SUMS that `sha256sum -c` accepts; a chunk changed in the run file
# (its trigger dropped first) makes `golive verify` exit 1 naming the event, and extract refuse
# it; a file over the limit, a folder and a missing file are refused in words, nothing kept.
# The auditor's script (golive-audit.py) agrees with verify, before and after the change.
set -euo pipefail
golive=$1
audit=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export HOME=$dir XDG_CONFIG_HOME=$dir/config QT_QPA_PLATFORM=offscreen
gl() { XDG_DATA_HOME=$dir/data "$golive" "$@"; }
fail() { echo "$1" >&2; shift; [ $# -eq 0 ] || cat "$@" >&2; exit 1; }
who=(--as "Eli Novak" --role engineer)

run=$dir/ev.golive
gl new --out "$run" >/dev/null
head -c 2500000 /dev/urandom >"$dir/smoke.log"
printf 'name,version\nqt,6.4\n' >"$dir/sbom.csv"
gl attach 0.1 "$dir/smoke.log" "$dir/sbom.csv" --run "$run" "${who[@]}" >"$dir/out" 2>&1 ||
    fail "attach refused two good files:" "$dir/out"
grep -q "^#1 attached smoke.log to 0.1 .* sha256 $(sha256sum "$dir/smoke.log" | cut -d' ' -f1)$" \
    "$dir/out" || fail "attach did not print #1 with the SHA-256:" "$dir/out"
grep -q "^#2 attached sbom.csv" "$dir/out" || fail "attach did not print #2:" "$dir/out"

gl attachments --run "$run" >"$dir/list" 2>&1 || fail "attachments failed:" "$dir/list"
grep -q "smoke.log" "$dir/list" && grep -q "sbom.csv" "$dir/list" ||
    fail "attachments did not list both:" "$dir/list"
gl attachments --run "$run" --extract "$dir/x" >"$dir/out" 2>&1 ||
    fail "extract failed:" "$dir/out"
(cd "$dir/x" && sha256sum -c SHA256SUMS) >"$dir/sums" 2>&1 || fail "sha256sum -c failed:" "$dir/sums"
cmp "$dir/x/1-smoke.log" "$dir/smoke.log" || fail "the extracted smoke.log differs"
# Never over an existing file.
if gl attachments --run "$run" --extract "$dir/x" >"$dir/out" 2>&1; then
    fail "extract overwrote an existing folder's files:" "$dir/out"
fi
grep -q "exists already" "$dir/out" || fail "extract did not say what exists:" "$dir/out"

gl verify --run "$run" >"$dir/out" 2>&1 || fail "verify refused intact evidence:" "$dir/out"
python3 "$audit" "$run" >"$dir/out" 2>&1 || fail "the audit refused intact evidence:" "$dir/out"
grep -q "evidence intact, 2 events" "$dir/out" || fail "the audit did not check the evidence:" "$dir/out"

# Over the limit, a folder, a missing file: refused, nothing kept.
head -c 1100000 /dev/zero >"$dir/big.bin"
if gl attach 0.1 "$dir/big.bin" --max-size 1 --run "$run" "${who[@]}" >"$dir/out" 2>&1; then
    fail "attach kept a file over the limit:" "$dir/out"
fi
grep -q "big.bin is 1.0 MiB; the limit for an attachment is 1.0 MiB" "$dir/out" ||
    grep -q "big.bin.*limit.*1.0 MiB" "$dir/out" || fail "the limit was not said in words:" "$dir/out"
for bad in "$dir" "$dir/nope.txt"; do
    if gl attach 0.1 "$bad" --run "$run" "${who[@]}" >"$dir/out" 2>&1; then
        fail "attach kept $bad:" "$dir/out"
    fi
    grep -q "nothing was recorded" "$dir/out" || fail "no words for $bad:" "$dir/out"
done
# A file golive may not read: refused in words. Root reads any file, so as root (CI) golive runs
# as nobody for this, on a run and folders nobody may write.
printf 'secret\n' >"$dir/locked.txt"
chmod 000 "$dir/locked.txt"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    chmod 777 "$dir" && chmod 666 "$run"
    mkdir -p "$dir/data" "$dir/config" && chmod -R 777 "$dir/data" "$dir/config"
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
fi
if XDG_DATA_HOME=$dir/data "${as_user[@]}" "$golive" attach 0.1 "$dir/locked.txt" --run "$run" \
    "${who[@]}" >"$dir/out" 2>&1; then
    fail "attach kept a file it may not read:" "$dir/out"
fi
grep -q "locked.txt cannot be read" "$dir/out" || fail "no words for an unreadable file:" "$dir/out"
grep -q "nothing was recorded" "$dir/out" || fail "unreadable: not said nothing was kept:" "$dir/out"

# Stops at the first failure, saying what was recorded already.
if gl attach 0.1 "$dir/sbom.csv" "$dir/nope.txt" --run "$run" "${who[@]}" >"$dir/out" 2>&1; then
    fail "attach went on past a missing file:" "$dir/out"
fi
grep -q "recorded already: #3 sbom.csv" "$dir/out" || fail "did not say what was recorded:" "$dir/out"

# A chunk changed behind the trigger's back: verify names the event; extract refuses it.
python3 - "$run" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER blob_chunks_never_changed")
db.execute("UPDATE blob_chunks SET data = x'00' WHERE n = 1")
db.commit()
PY
if gl verify --run "$run" >"$dir/out" 2>&1; then
    fail "verify passed a changed chunk:" "$dir/out"
fi
grep -q "evidence: event #1 (evidence attached to 0.1: smoke.log)" "$dir/out" ||
    fail "verify did not name event #1:" "$dir/out"
if python3 "$audit" "$run" >"$dir/out" 2>&1; then
    fail "the audit passed a changed chunk:" "$dir/out"
fi
grep -q "event #1 (evidence-attached for 0.1): its stored bytes do not match" "$dir/out" ||
    fail "the audit did not name event #1:" "$dir/out"
if gl attachments --run "$run" --extract "$dir/y" >"$dir/out" 2>&1; then
    fail "extract passed a changed blob:" "$dir/out"
fi
[ ! -e "$dir/y/1-smoke.log" ] || fail "the changed blob was left behind as if good"
[ -e "$dir/y/2-sbom.csv" ] || fail "the good blob was not extracted"
echo ok
