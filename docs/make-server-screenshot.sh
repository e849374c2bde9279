#!/usr/bin/env bash
# Remakes the README's screenshot of a shared run: a Summit run on a real PostgreSQL (the test
# fixture's, in a temporary folder), open in the real window under Xvfb with a second workstation
# (offscreen) on the same run, then the server killed (SIGKILL of the postmaster): the red band
# and who was here.
#   cmake --preset release && cmake --build --preset release && docs/make-server-screenshot.sh
# Needs postgresql, openssl, Xvfb and ImageMagick's import (packaging/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
golive=${GOLIVE:-$PWD/build/release/app/golive}
[ -x "$golive" ] || { echo "no $golive: build the release preset first" >&2; exit 2; }

tmp=$(mktemp -d)
pg=$tmp/pg
cleanup() {
    kill $(jobs -p) 2>/dev/null || true
    tests/server/stop-postgres.sh "$pg" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
tests/server/start-postgres.sh "$pg" >/dev/null
export PGPASSFILE=$pg/pgpass
server="$(cat "$pg/url")?sslmode=verify-full&sslrootcert=$pg/ca.pem"
run="$server&run=summit-2026-12"

# Each workstation has its own settings folder (its own person on duty).
seat() {
    local home=$tmp/$1
    mkdir -p "$home/config/golive" "$home/xdg" && chmod 700 "$home/xdg"
    printf '[operator]\nname=%s\nrole=%s\n' "$2" "$3" >"$home/config/golive/golive.conf"
    echo "HOME=$home XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_RUNTIME_DIR=$home/xdg"
}
ic=$(seat ic "Ines Duarte" incident-commander)
rc=$(seat rc "Rae Lin" release-captain)
cli() { env $rc QT_QPA_PLATFORM=offscreen "$golive" "$@" --run "$run" >/dev/null; }

env $rc QT_QPA_PLATFORM=offscreen "$golive" server init "$server" >/dev/null
env $rc QT_QPA_PLATFORM=offscreen "$golive" new --out "$run" >/dev/null
cli fill owner "Rae Lin" --as "Rae Lin" --role release-captain
cli fill incident-commander "Ines Duarte" --as "Rae Lin" --role release-captain
for id in 0.1 1.1 1.2.1.1 1.2.1.2 1.2.1 2.1.1; do
    cli sign "$id" --as "Eli Novak" --role engineer
done

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1472x920x24 -nolisten tcp &
sleep 2
env $rc QT_QPA_PLATFORM=offscreen "$golive" --run "$run" --demo &
env $ic DISPLAY=$display "$golive" --run "$run" --demo -qwindowgeometry 1472x920+0+0 &
sleep "${GOLIVE_SCREENSHOT_WAIT:-12}"
"$pg/pgctl" kill
sleep 4
DISPLAY=$display import -window root docs/screenshot-shared-disconnected.png
echo "wrote docs/screenshot-shared-disconnected.png"
