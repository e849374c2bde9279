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
[[ $found -eq 0 ]] && echo "no server-only library loads with $binary ($(wc -l <<<"$libraries") libraries)"
exit $found
