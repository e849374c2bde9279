#!/usr/bin/env bash
# What software centres read: the AppStream metainfo passes `appstreamcli validate --pedantic`
# with nothing to say, its newest release is the version being built, and it launches the
# desktop file that is installed, whose icon is the one installed.
set -euo pipefail
metainfo="$1" version="$2" packaging="$3"
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

if ! said="$(appstreamcli validate --pedantic --no-net "$metainfo" 2>&1)"; then
    fail "appstreamcli validate --pedantic refuses $metainfo:"
    echo "$said"
elif grep -qE '^[EWIP]:' <<<"$said"; then
    fail "appstreamcli validate --pedantic has remarks on $metainfo:"
    echo "$said"
fi
newest="$(grep -oE '<release version="[^"]+"' "$metainfo" | head -1 | cut -d'"' -f2)"
[[ "$newest" == "$version" ]] ||
    fail "the newest release in the metainfo is '$newest', the build is $version: add its notes"
desktop="$(sed -n 's:.*<launchable type="desktop-id">\(.*\)</launchable>.*:\1:p' "$metainfo")"
[[ -f "$packaging/$desktop" ]] || fail "the metainfo launches $desktop, which is not in packaging/"
id="$(sed -n 's:.*<id>\(.*\)</id>.*:\1:p' "$metainfo")"
[[ "$desktop" == "$id.desktop" ]] || fail "the desktop file $desktop is not named by the id $id"
icon="$(sed -n 's/^Icon=//p' "$packaging/$desktop" 2>/dev/null || true)"
[[ -f "$packaging/$icon.svg" ]] || fail "the desktop file's icon $icon is not packaging/$icon.svg"
[[ $failures -eq 0 ]] || exit 1
echo "the metainfo of $id $version validates with no remark"
