#!/usr/bin/env bash
# Run under dbus-run-session: a private session bus. dbus-monitor watches it while the test
# sends its notifications; the calls must be on the bus, as a desktop's notification service
# receives them, with golive's words.
set -euo pipefail
test_binary="$1"
log="$(mktemp)"
trap 'kill "$monitor" 2>/dev/null || true; rm -f "$log"' EXIT
dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
    >"$log" 2>&1 &
monitor=$!
# Until the monitor is attached (its first line names the bus's own signal).
for _ in $(seq 50); do [ -s "$log" ] && break; sleep 0.1; done
"$test_binary"
sleep 0.3
if ! grep -q 'member=Notify' "$log" || ! grep -qF 'string "ABORT TRIGGER: Summit <i>"' "$log"; then
    echo "dbus-monitor saw no Notify call with the test's summary on the bus:" >&2
    head -40 "$log" >&2
    exit 1
fi
echo "dbus-monitor saw $(grep -c 'member=Notify' "$log") Notify calls on the session bus"
