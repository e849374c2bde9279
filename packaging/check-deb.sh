#!/usr/bin/env bash
# Builds golive's .deb from a build folder (cpack), checks it with lintian (no error and no
# warning: a warning kept would be explained in packaging/CMakeLists.txt and suppressed here by
# name), installs it with apt-get, and runs the installed program as a user would: --version,
# lint on the installed example runbook, a demo run made, signed and exported; then removes it.
# Usage: packaging/check-deb.sh [BUILD-DIR]   (default: build/release, already built). It refuses
# to run where a golive package is already installed.
set -euo pipefail
# The build folder as given, from where the script was started; then the source tree's root.
build="$(realpath "${1:-$(dirname "$0")/../build/release}")"
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# A golive already on this machine is someone's: installing the test build over it would
# replace it, and removing it afterwards would lose it. Refused, said plainly.
if status="$(dpkg-query -W -f='${db:Status-Status} ${Version}' golive 2>/dev/null)"; then
    case "${status%% *}" in not-installed | config-files | "") status="" ;; esac
fi
if [ -n "${status:-}" ]; then
    echo "check-deb: golive ${status#* } is installed here (${status%% *}); this check installs" \
        "and removes its own build, so it refuses to run over it. Nothing was changed." >&2
    exit 1
fi

rm -f "$build"/golive_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb="$(ls "$build"/golive_*.deb)"
echo "check-deb: built $deb"

# lintian refuses nothing here; --fail-on makes its warnings count too.
lintian --fail-on error,warning --pedantic "$deb"
echo "check-deb: lintian has no error or warning"

work="$(mktemp -d)"
cleanup() {
    rm -rf "$work"
    # Ours alone (refused above otherwise): removed again, as it was not here before.
    $SUDO apt-get remove -y -qq golive >/dev/null 2>&1 || true
}
trap cleanup EXIT
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
golive=/usr/bin/golive
echo "check-deb: installed; $($golive --version)"

# What was installed is where Debian's tools look for it.
for f in /usr/share/man/man1/golive.1.gz /usr/share/bash-completion/completions/golive \
    /usr/share/metainfo/io.github.golive.golive.metainfo.xml \
    /usr/share/applications/io.github.golive.golive.desktop \
    /usr/share/doc/golive/copyright /usr/share/golive/examples/summit-go-live-runbook.md; do
    [ -f "$f" ] || { echo "check-deb: $f is not installed" >&2; exit 1; }
done
[ "$($golive --version)" = "golive $(dpkg-deb -f "$deb" Version)" ] ||
    { echo "check-deb: golive --version is not the package's version" >&2; exit 1; }
man -l /usr/share/man/man1/golive.1.gz >/dev/null

# A user's first steps, in a home of their own.
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
mkdir -p "$HOME"
$golive lint /usr/share/golive/examples/summit-go-live-runbook.md >/dev/null
run="$work/demo.golive"
$golive new --runbook /usr/share/golive/examples/summit-go-live-runbook.md \
    --dashboard /usr/share/golive/examples/summit.json --out "$run" >/dev/null
$golive sign 4.1 --as "Dana Check" --role engineer --note "installed package" --run "$run" >/dev/null
$golive export --run "$run" --pdf "$work/checklist.pdf" --md "$work/checklist.md" \
    --json "$work/checklist.json" >/dev/null
pdfinfo "$work/checklist.pdf" | grep -q '^Pages:' ||
    { echo "check-deb: the exported PDF does not read" >&2; exit 1; }
grep -q 'Dana Check' "$work/checklist.md" ||
    { echo "check-deb: the exported checklist lacks the sign-off" >&2; exit 1; }
$golive verify --run "$run" >/dev/null
echo "check-deb: the installed golive linted, made, signed, exported and verified a run"
