#!/usr/bin/env bash
# Remakes the README's window screenshot and printed page from the release build: a Summit run
# made with the command line, every event signed with its person's own SSH key (made here, on
# the run's roster), pre-checks signed, GO given, the first steps done, 4.6 failed a minute ago;
# printed, then opened in the real window under Xvfb at 1472x920 with demo SLO data and captured
# with `import`.
#   cmake --preset release && cmake --build --preset release && docs/make-screenshots.sh
# Needs Xvfb, ImageMagick's import and pdftoppm (packaging/install-deps.sh installs them). The
# wall screen has its own: tst_presentation's and tst_readability's
# GOLIVE_SCREENSHOT_DIR and GOLIVE_READABILITY_SCREENSHOTS (see the README); the key chooser
# and the roster dialog tst_signingwindow's GOLIVE_SCREENSHOT_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
golive=${GOLIVE:-build/release/app/golive}
[ -x "$golive" ] || { echo "no $golive: build the release preset first" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
# A clean settings folder: nothing of the developer's own runs or operator leaks in.
export HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_RUNTIME_DIR=$tmp/xdg
mkdir -p "$XDG_CONFIG_HOME/golive" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
run=$tmp/summit-go-live.golive

# Each person's key, and the roster the run is made with.
roster=$tmp/allowed_signers
: >"$roster"
for who in eli:"Eli Novak" rae:"Rae Lin" ines:"Ines Duarte"; do
    ssh-keygen -q -t ed25519 -N '' -C "${who%%:*}@laptop" -f "$tmp/${who%%:*}"
    printf '"%s" namespaces="golive" %s\n' "${who#*:}" "$(cut -d' ' -f1,2 "$tmp/${who%%:*}.pub")" \
        >>"$roster"
done
printf '[operator]\nname=Ines Duarte\nrole=incident-commander\n[signing]\nkeys="{\\"Ines Duarte\\":\\"%s\\"}"\n' \
    "$tmp/ines" >"$XDG_CONFIG_HOME/golive/golive.conf"

cli() {
    local key
    case "$*" in *"Eli Novak"*) key=$tmp/eli ;; *"Rae Lin"*) key=$tmp/rae ;; *) key=$tmp/ines ;; esac
    QT_QPA_PLATFORM=offscreen "$golive" "$@" --key "$key" --run "$run" >/dev/null
}
QT_QPA_PLATFORM=offscreen "$golive" new --allowed-signers "$roster" --require-signatures \
    --out "$run" >/dev/null
# The planned start twenty minutes ago: the GO came a little late.
start=$(date -u -d '-20 min' '+%Y-%m-%d %H:%M UTC')
cli fill start "$start" --as "Rae Lin" --role release-captain
end=$(date -u -d '+100 min' '+%Y-%m-%d %H:%M UTC')
cli fill end "$end" --as "Rae Lin" --role release-captain
cli fill go-live-date "$(date -u '+%Y-%m-%d')" --as "Rae Lin" --role release-captain
cli fill owner "Rae Lin" --as "Rae Lin" --role release-captain
cli fill incident-commander "Ines Duarte" --as "Rae Lin" --role release-captain
cli fill branch-name release/v2.4.0 --as "Rae Lin" --role release-captain
cli fill communications-channel "#summit-go-live" --as "Rae Lin" --role release-captain
for id in 0.1 1.1 1.2.1.1 1.2.1.2 1.2.1 2.1.1 2.1.2; do
    cli sign "$id" --as "Eli Novak" --role engineer
done
cli sign 4.1 --as "Eli Novak" --role engineer
# 4.3 (requires=health-green) and 4.4 (requires=previous-complete): the command line records no
# health checks and this run leaves most of sections 0 to 3 open, so the commander signs over them.
for id in 4.3 4.4; do
    cli sign "$id" --as "Ines Duarte" --role incident-commander --open-checks \
        --note "confirmed on the bridge"
done
cli gate --as "Rae Lin" --role release-captain
cli go --as "Ines Duarte" --role incident-commander
cli sign 4.5 --as "Eli Novak" --role engineer --note "maintenance page up at the edge"
cli fail 4.6 --as "Eli Novak" --role engineer --reason "neo4j migration: lock timeout on :Ledger"

# The printed record's first page, as the README shows it (A4 at 100 dpi).
QT_QPA_PLATFORM=offscreen "$golive" export --pdf "$tmp/record.pdf" --run "$run" >/dev/null
pdftoppm -png -r 100 -f 1 -l 1 -singlefile "$tmp/record.pdf" docs/report-page
echo "wrote docs/report-page.png"

# The window at 1472x920, and again at a scale factor of 2 (HiDPI: a 2944x1840 screen).
for scale in 1 2; do
    display=:$((90 + RANDOM % 9))
    Xvfb "$display" -screen 0 $((1472 * scale))x$((920 * scale))x24 -nolisten tcp &
    xvfb=$!
    sleep 2
    DISPLAY=$display QT_SCALE_FACTOR=$scale "$golive" --run "$run" --demo \
        -qwindowgeometry 1472x920+0+0 &
    app=$!
    sleep "${GOLIVE_SCREENSHOT_WAIT:-10}"
    shot=docs/screenshot-main.png
    [ "$scale" = 1 ] || shot=docs/hidpi/screenshot-main@2x.png
    mkdir -p "$(dirname "$shot")"
    DISPLAY=$display import -window root "$shot"
    echo "wrote $shot"
    kill "$app" "$xvfb" 2>/dev/null || true
    wait "$app" "$xvfb" 2>/dev/null || true
done
