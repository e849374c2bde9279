#!/bin/sh
# `golive export` never writes over the run it exports, a file SQLite or golive keeps beside it,
# or any other golive run, however the file is named (the same path, ./, an absolute path, a
# symbolic link, a hard link); a write that fails (a full device, a folder the user cannot
# enter or write) exits 1 and names the file; after every refusal the run verifies intact with
# all its events. `golive new --out` refuses the files of another run too.
#
# Device nodes: as root the full device is a node made here (mknod c 1 7), so that a golive
# that wrongly renamed a temporary file over its target could never replace the system's
# /dev/full. The unprivileged cases run golive as "nobody" (runuser or setpriv); as any other
# user they run as that user.
# Usage: export_safety_test.sh GOLIVE
set -u
golive=${1:?usage: export_safety_test.sh GOLIVE}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 711 "$work"
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
mkdir -p "$HOME"
cd "$work" || exit 1

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() { # run EXPECTED ARGS...
    expected=$1; shift
    "$golive" "$@" >out 2>err
    code=$?
    echo "golive $* -> exit $code"
    [ "$code" -eq "$expected" ] || { fail "golive $* exited $code, expected $expected"; cat out err; return 1; }
}
has() { grep -qF -- "$2" "$1" || { fail "$1 lacks: $2"; cat "$1"; }; }
sum() { sha256sum "$1" 2>/dev/null | cut -d' ' -f1; }

run 0 new --out r.golive || exit 1
run 0 fill owner "Rita Captain" --as "Rita Captain" --role release-captain --run r.golive
run 0 sign 0.1 --as "Ann Lee" --role engineer --note "window agreed" --run r.golive
run 0 sign 1.1 --as "Bob Stone" --role release-captain --run r.golive
run 0 na 3.2.4 --as "Bob Stone" --role release-captain --reason "no scanner yet" --run r.golive
run 0 new --out other.golive || exit 1
run 0 sign 0.1 --as "Cleo Other" --role engineer --run other.golive
events=4
run 0 verify --run r.golive || exit 1
head=$(sed -n 's/^head //p' out)
[ -n "$head" ] || { fail "no head"; exit 1; }

# The -wal and -shm of r.golive on disk, as a crashed reader leaves them: a SQLite connection
# that ends without closing.
python3 - r.golive <<'PY' || fail "could not leave the -wal and -shm behind"
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("SELECT count(*) FROM sqlite_master").fetchall()
os._exit(0)
PY
[ -e r.golive-wal ] && [ -e r.golive-shm ] || fail "r.golive-wal and -shm are not there"

# Names for the run and for the files beside it, and for the other run.
ln -s r.golive link.golive
ln -s "$work/r.golive" abslink.md
ln r.golive hard.golive
ln r.golive-shm shm-hard.md
ln -s r.golive-journal journal-link.md
ln -s other.golive other-link.md
cp other.golive other-copy.md
mkdir sub
ln -s ../r.golive sub/up.md

before_run=$(sum r.golive)
before_other=$(sum other.golive)
before_copy=$(sum other-copy.md)
intact() { # after a refusal: every run byte for byte, nothing new beside the run, verify
    [ "$(sum r.golive)" = "$before_run" ] || fail "$1: r.golive changed"
    [ "$(sum other.golive)" = "$before_other" ] || fail "$1: other.golive changed"
    [ "$(sum other-copy.md)" = "$before_copy" ] || fail "$1: other-copy.md changed"
    [ -L link.golive ] || fail "$1: the link link.golive was replaced"
    for f in r.golive-journal r.golive.lock other.golive-wal other.golive.lock; do
        [ ! -e "$f" ] || fail "$1: $f was made"
    done
    for f in r.golive-wal r.golive-shm; do
        [ -s "$f" ] && head -c 16 "$f" | grep -q "PDF\|^#\|^{" && fail "$1: $f holds an export"
    done
    "$golive" verify --run r.golive --expect-head "$head" >vout 2>verr ||
        { fail "$1: r.golive does not verify with head $head"; cat vout verr; }
    n=$("$golive" verify --run r.golive --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["eventCount"])')
    [ "$n" = "$events" ] || fail "$1: r.golive has $n events, not $events"
}

for opt in md json pdf timeline; do
    for target in r.golive ./r.golive "$work/r.golive" "$work/./sub/../r.golive" link.golive \
        abslink.md sub/up.md hard.golive r.golive-wal r.golive-shm shm-hard.md r.golive-journal \
        journal-link.md r.golive.lock other.golive other-link.md other-copy.md other.golive-wal \
        other.golive.lock; do
        run 1 export --run r.golive --"$opt" "$target"
        has err "refused to write"
        has err "$target"
        has err "nothing was written; the run is unchanged"
        intact "--$opt $target"
    done
done
[ r.golive-shm -ef shm-hard.md ] || fail "r.golive-shm went away: the hard link case tested nothing"
# Named through a link as the run: the same file.
run 1 export --run link.golive --md r.golive && has err "it is the run being exported"
intact "--run link.golive --md r.golive"
# Why, in words.
run 1 export --run r.golive --md hard.golive && has err "it is the run being exported"
run 1 export --run r.golive --md shm-hard.md && has err "shared-memory index of the run"
run 1 export --run r.golive --json other-copy.md && has err "is a golive run"
run 1 export --run r.golive --md other.golive.lock && has err "lock file of the golive run"
# One refused output and nothing is written, not even the others.
run 1 export --run r.golive --pdf fine.pdf --md fine.md --json r.golive && has err "r.golive"
[ ! -e fine.pdf ] && [ ! -e fine.md ] || fail "an export with a refused output wrote the others"
intact "mixed"
# A file with a SQLite write-ahead log beside it is a database in use.
echo "not a run" >db.md
echo "log" >db.md-wal
run 1 export --run r.golive --md db.md && has err "write-ahead log lies beside it"
ln -s db.md db-link.md
run 1 export --run r.golive --md db-link.md && has err "write-ahead log lies beside it"
grep -qx "not a run" db.md || fail "db.md was replaced"
# A folder, a block device, a loop of links.
run 1 export --run r.golive --md sub && has err "it is a folder"
ln -s loop1 loop2 && ln -s loop2 loop1
run 1 export --run r.golive --md loop1 && has err "do not end"
if [ "$(id -u)" -eq 0 ] && mknod blk b 7 250 2>/dev/null; then
    run 1 export --run r.golive --md blk && has err "block device"
    [ -b blk ] || fail "the block device node blk was replaced"
fi

# An ordinary export still works, over an existing file and through a link to one.
echo old >plain.md
ln -s plain.md plain-link.md
run 0 export --run r.golive --md plain-link.md --json r.json --timeline t.md --pdf r.pdf || exit 1
[ -L plain-link.md ] || fail "the link plain-link.md was replaced by a file"
has plain.md "Ann Lee"
python3 -c 'import json,sys; d=json.load(open("r.json")); assert len(d["events"]) == 4' ||
    fail "r.json does not hold the 4 events"
head -c 5 r.pdf | grep -q "%PDF-" || fail "r.pdf is not a PDF"
intact "the ordinary export"

# A full device: every output exits 1 and names the file; the node stays a device.
full=/dev/full
if [ "$(id -u)" -eq 0 ]; then
    if mknod full c 1 7 2>/dev/null; then full=$work/full; else
        echo "cannot mknod here; using /dev/full"; fi
fi
ln -s "$full" full-link.md
for opt in md json pdf timeline; do
    for target in "$full" full-link.md; do
        run 1 export --run r.golive --"$opt" "$target"
        has err "cannot write $target"
        has err "No space left on device"
        has err "the run is unchanged"
        grep -q "^wrote" out && fail "--$opt $target said it wrote"
        [ -c "$full" ] || fail "--$opt $target: $full is no longer a character device"
        [ -L full-link.md ] || fail "--$opt $target: full-link.md was replaced"
    done
done
# Results on standard output: a full device there fails too.
"$golive" status --run r.golive --json >"$full" 2>err
code=$?
[ "$code" -eq 1 ] || fail "status --json > $full exited $code, expected 1"
has err "cannot write the output to standard output (No space left on device)"
"$golive" verify --run r.golive >"$full" 2>err
code=$?
[ "$code" -eq 1 ] || fail "verify > $full exited $code, expected 1"
intact "the full device"
ls "$(dirname "$full")" | grep -q "^full\.\|^full-link\.md\." && fail "a temporary file was left beside $full"

# A pipe: written directly when something reads it; refused when nothing does.
mkfifo pipe.md
# The reader opens its end first (without waiting for a writer), says so, then reads to the end.
python3 - pipe.md from-pipe.md ready <<'PY' &
import os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
open(sys.argv[3], "w").close()
data, deadline = b"", time.time() + 60
while time.time() < deadline:
    try:
        chunk = os.read(fd, 65536)
    except BlockingIOError:
        time.sleep(0.01)
        continue
    if chunk:
        data += chunk
    elif data:
        break
    else:
        time.sleep(0.01)
open(sys.argv[2], "wb").write(data)
PY
reader=$!
i=0
while [ ! -e ready ] && [ "$i" -lt 500 ]; do sleep 0.02; i=$((i + 1)); done
run 0 export --run r.golive --md pipe.md
wait "$reader"
has from-pipe.md "Ann Lee"
[ -p pipe.md ] || fail "pipe.md is no longer a pipe"
run 1 export --run r.golive --md pipe.md && has err "nothing reads from"
[ -p pipe.md ] || fail "pipe.md is no longer a pipe"

# `golive new --out` refuses the files of another run, and files left from an earlier one.
run 1 new --out r.golive-journal && has err "rollback journal" && has err "refused to create the run"
run 1 new --out other.golive.lock && has err "lock file of the golive run"
run 1 new --out r.golive && has err "never overwrites"
echo "left over" >stale.golive-wal
run 1 new --out stale.golive && has err "stale.golive-wal"
[ ! -e stale.golive ] || fail "new made stale.golive beside a left-over -wal"
intact "new --out"

# As an unprivileged user: a folder they cannot enter, one they cannot write, a file there.
as_user=
if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null; then as_user="runuser -u nobody --"
    elif command -v setpriv >/dev/null; then as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    else fail "running as root with neither runuser nor setpriv to drop to nobody"; fi
    mkdir -p nb/home locked
    cp r.golive nb/r.golive
    chown -R nobody nb
    chmod 700 locked
    mkdir ro && echo "kept" >ro/existing.md && chmod 666 ro/existing.md && chmod 555 ro
    chown nobody ro
else
    mkdir -p nb/home locked ro
    cp r.golive nb/r.golive
    echo "kept" >ro/existing.md
    chmod 000 locked
    chmod 555 ro
fi
unpriv() { # unpriv EXPECTED ARGS...
    expected=$1; shift
    HOME="$work/nb/home" XDG_DATA_HOME="$work/nb/home/.local/share" \
        XDG_CONFIG_HOME="$work/nb/home/.config" $as_user "$golive" "$@" >out 2>err
    code=$?
    echo "(unprivileged) golive $* -> exit $code"
    [ "$code" -eq "$expected" ] || { fail "(unprivileged) golive $* exited $code, expected $expected"; cat out err; return 1; }
}
nb_before=$(sum nb/r.golive)
unpriv 0 export --run nb/r.golive --md nb/ok.md && has nb/ok.md "Ann Lee"
for opt in md json pdf timeline; do
    for target in locked/out.md ro/out.md ro/existing.md; do
        unpriv 1 export --run nb/r.golive --"$opt" "$target"
        has err "cannot write $target"
        has err "the run is unchanged"
        grep -q "^wrote" out && fail "(unprivileged) --$opt $target said it wrote"
    done
done
[ ! -e locked/out.md ] && [ ! -e ro/out.md ] || fail "an unwritable folder got a file"
grep -qx "kept" ro/existing.md || fail "ro/existing.md was changed"
[ "$(ls -A ro)" = "existing.md" ] || fail "a temporary file was left in ro: $(ls -A ro)"
[ "$(sum nb/r.golive)" = "$nb_before" ] || fail "nb/r.golive changed"
unpriv 0 verify --run nb/r.golive --expect-head "$head"
chmod 755 ro locked

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all export safety cases passed"
