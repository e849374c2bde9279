#!/bin/sh
# CTest fixture cleanup: stop the PostgreSQL that start-postgres.sh started in DIR.
set -eu
dir=${1:?usage: stop-postgres.sh DIR}
[ -x "$dir/pgctl" ] || exit 0
if "$dir/pgctl" status 2>/dev/null; then
    "$dir/pgctl" stop
    echo "stopped postgresql in $dir/data"
fi
