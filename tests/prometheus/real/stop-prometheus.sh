#!/bin/sh
# CTest fixture cleanup: stop the Prometheus that start-prometheus.sh started in DIR.
set -eu
dir=${1:?usage: stop-prometheus.sh DIR}
[ -f "$dir/pid" ] || exit 0
pid=$(cat "$dir/pid")
# Only the process we started: a recycled pid belongs to someone else.
if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "storage.tsdb.path=$(cd "$dir" && pwd)/data"; then
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null; do
        i=$((i + 1))
        if [ "$i" -gt 50 ]; then
            kill -9 "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.1
    done
    echo "stopped prometheus (pid $pid)"
fi
rm -f "$dir/pid" "$dir/port" "$dir/url"
