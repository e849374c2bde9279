#!/usr/bin/env bash
# The libraries every start of the window loads: none that only a server run needs. libpq (and
# LDAP and SASL, which only it brings) is looked up when a server run is used; linked into
# golive, it costs each start milliseconds. Fails when ldd finds one under the program.
set -euo pipefail
binary="$1"
[[ -x "$binary" ]] || { echo "no program at $binary" >&2; exit 1; }
libraries="$(ldd "$binary")"
found=0
for unwanted in libpq libldap-2 libsasl2; do
    if grep -q "^[[:space:]]*${unwanted}\.so" <<<"$libraries"; then
        echo "$binary loads ${unwanted} at every start:" >&2
        grep "^[[:space:]]*${unwanted}\.so" <<<"$libraries" >&2
        found=1
    fi
done
[[ $found -eq 0 ]] || exit 1

# And what a start of the window loads at run time (a library opened by hand would not show in
# ldd): the dynamic loader's own list, to the first frame.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
export XDG_RUNTIME_DIR="$work/run" QT_QPA_PLATFORM=offscreen
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
"$binary" new --out "$work/run.golive" >/dev/null 2>&1
GOLIVE_FIRST_FRAME_PROBE=-1 LD_DEBUG=files "$binary" --run "$work/run.golive" \
    >"$work/out" 2>"$work/loaded" || true
grep -q 'first-frame' "$work/out" || { echo "$binary showed no first frame" >&2; exit 1; }
for unwanted in libpq libldap-2 libsasl2; do
    if grep -q "file=${unwanted}\.so" "$work/loaded"; then
        echo "a start of the window loads ${unwanted}:" >&2
        grep "file=${unwanted}\.so" "$work/loaded" | head -3 >&2
        exit 1
    fi
done
echo "no server-only library loads with $binary ($(wc -l <<<"$libraries") linked, none at run time)"
