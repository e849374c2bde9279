#!/usr/bin/env bash
# The window loads golive's translation for its locale from inside the program: asked for the
# pseudo-locale (GOLIVE_LOCALE=en_XA) it says so in its log; in English it loads none.
set -euo pipefail
golive="$(realpath "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
export XDG_RUNTIME_DIR="$work/run" QT_QPA_PLATFORM=offscreen GOLIVE_FIRST_FRAME_PROBE=-1
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
"$golive" new --out "$work/run.golive" >/dev/null 2>&1
GOLIVE_LOCALE=en_XA "$golive" --run "$work/run.golive" >"$work/out" 2>"$work/pseudo.log"
grep -q 'translation: en_XA' "$work/pseudo.log" ||
    { echo "GOLIVE_LOCALE=en_XA loaded no pseudo-locale:"; grep -v propagateSize "$work/pseudo.log" | head; exit 1; }
LANG=C.UTF-8 LANGUAGE= LC_ALL=C.UTF-8 "$golive" --run "$work/run.golive" >"$work/out" 2>"$work/english.log"
if grep -q 'translation:' "$work/english.log"; then
    echo "English loaded a translation:"; grep 'translation:' "$work/english.log"; exit 1
fi
echo "the window loads the pseudo-locale from itself when asked, and nothing in English"
