#!/bin/sh
# The fixture's `pgctl kill` signals only the postmaster of its own data folder: once the server
# was killed, postmaster.pid stays behind, and the pid it names may be another process's by
# then. Here that pid is made a living `sleep`'s: kill must refuse, in words, and leave it be.
# The server is started again afterwards, as every fixture test leaves it.
# Usage: pgctl-kill-test.sh DIR (the fixture's folder, as start-postgres.sh made it)
set -eu
dir=${1:?usage: pgctl-kill-test.sh DIR}
pgctl=$dir/pgctl
pidfile=$dir/data/postmaster.pid
fail() {
    echo "pgctl-kill-test: $*" >&2
    exit 1
}

"$pgctl" status || fail "the fixture's server is not running"
sleep 300 &
bystander=$!
trap 'kill "$bystander" 2>/dev/null || true' EXIT

"$pgctl" kill || fail "pgctl kill did not kill the running server"
[ -f "$pidfile" ] || fail "no postmaster.pid was left behind to test with"
# The stale file now names the bystander, as if the pid had been reused.
sed "1s/.*/$bystander/" "$pidfile" >"$pidfile.new" && cat "$pidfile.new" >"$pidfile" &&
    rm -f "$pidfile.new"
if words=$("$pgctl" kill 2>&1); then
    fail "pgctl kill succeeded on a postmaster.pid that names another process"
fi
kill -0 "$bystander" 2>/dev/null || fail "pgctl kill killed the process $bystander, not a postmaster"
case $words in
*"no postmaster of $dir/data is running"*) ;;
*) fail "pgctl kill said: $words" ;;
esac
kill "$bystander"
wait "$bystander" 2>/dev/null || true
"$pgctl" start || fail "the server did not start again"
"$pgctl" status || fail "the server is not running after the test"
echo "pgctl kill refused a stale postmaster.pid naming process $bystander and left it running"
