#!/usr/bin/env bash
# golive(1) as a reader meets it: the page the build made (golive help --man, gzipped), read by
# man with its warnings on, says every option each command's --help says, names no builder's
# home folder, and renders without a roff warning.
set -euo pipefail
golive="$(realpath "$1")"
page="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# Rendered wide, so that no option is hyphenated across lines.
MANWIDTH=250 man --warnings -E UTF-8 -l "$page" >"$work/page.txt" 2>"$work/warnings.txt" ||
    fail "man could not render $page"
if [[ -s "$work/warnings.txt" ]]; then
    fail "man warns about $page:"
    sed 's/^/  /' "$work/warnings.txt"
fi
grep -q '^NAME' "$work/page.txt" || fail "the page has no NAME section"

# The options a help text lists: "  --as <NAME>", "  -h, --help".
options_of() { grep -E '^  -' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u; }

# The window's options, in OPTIONS.
sed -n '/^OPTIONS/,/^COMMANDS/p' "$work/page.txt" >"$work/window.txt"
for option in $("$golive" --help | sed -n '/^Window options:/,/^$/p' | options_of); do
    grep -qE -- "^ +(-[a-zA-Z], )?${option}( |,|$)" "$work/window.txt" ||
        fail "OPTIONS lacks the window's $option"
done

# Each command: its own subsection holds its usage and every option its --help lists.
commands=$("$golive" --help | sed -n '/^Commands:/,/^$/p' | awk '/^  [a-z]/ {print $1}')
[[ -n "$commands" ]] || fail "golive --help lists no command"
for command in $commands; do
    awk -v c="$command" '$0 == "   " c {on = 1; next} on && /^   [a-z]/ {exit} on && /^[A-Z]/ {exit}
                         on {print}' "$work/page.txt" >"$work/section.txt"
    if [[ ! -s "$work/section.txt" ]]; then
        fail "COMMANDS has no subsection for $command"
        continue
    fi
    grep -qF "golive $command" "$work/section.txt" || fail "$command's usage is missing"
    # Each as an entry of its own (the usage line names most of them too).
    for option in $("$golive" "$command" --help | options_of); do
        grep -qE -- "^ +(-[a-zA-Z], )?${option}( |,|$)" "$work/section.txt" ||
            fail "$command's $option has no entry"
    done
done

# The default run's path is the reader's, not the builder's.
grep -qF '~/.local/share/golive/golive/summit-go-live.golive' "$work/page.txt" ||
    fail "the default run's path is not given as ~/.local/share/golive/golive/summit-go-live.golive"
if zcat "$page" | grep -qE '/(root|home/[^/ ]+)/\.local'; then
    fail "the page names a builder's home folder:"
    zcat "$page" | grep -oE '/(root|home/[^/ ]+)/\.local[^ ]*' | sort -u | sed 's/^/  /'
fi
[[ $failures -eq 0 ]] || { echo "$failures manual page check(s) failed"; exit 1; }
echo "golive(1) renders without warnings and says what $(wc -w <<<"$commands") commands' help says"
