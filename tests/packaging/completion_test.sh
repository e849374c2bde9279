#!/usr/bin/env bash
# golive's bash completion as a person at a prompt meets it: the script golive makes from its
# own help (golive help --bash-completion), sourced into bash, asked what Tab offers after
# given words. Item ids come from the run given with --run, and only from a run file.
set -euo pipefail
golive="$(realpath "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
export XDG_CACHE_HOME="$work/home/cache" XDG_STATE_HOME="$work/home/state"
mkdir -p "$HOME"
"$golive" help --bash-completion >"$work/golive.bash"
run="$work/a run with spaces.golive"
"$golive" new --out "$run" >/dev/null 2>&1

failures=0
# What Tab offers after the words given; the last word is the one being completed.
offers() {
    (cd "$work" && bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _golive
                            printf "%s\n" "${COMPREPLY[@]}"' _ "$work/golive.bash" "$golive" "$@") |
        sort
}
expect() { # expect WHAT EXPECTED-LINES WORDS...
    local what="$1" expected="$2"
    shift 2
    local got
    got="$(offers "$@")"
    if [[ "$got" != "$expected" ]]; then
        printf 'FAIL %s\n  words:    %s\n  expected: %s\n  got:      %s\n' "$what" "$*" \
            "$(tr '\n' ' ' <<<"$expected")" "$(tr '\n' ' ' <<<"$got")"
        failures=$((failures + 1))
    else
        echo "ok   $what"
    fi
}
contains() { # contains WHAT WORD WORDS...
    local what="$1" word="$2"
    shift 2
    if offers "$@" | grep -qxF -- "$word"; then
        echo "ok   $what"
    else
        printf 'FAIL %s: %s not offered after: %s\n' "$what" "$word" "$*"
        failures=$((failures + 1))
    fi
}

expect "a subcommand" "sign" si
contains "every subcommand at the start" "rollback-step" ""
expect "a command's options" "$(printf -- '--reason\n--role\n--run')" revoke --r
expect "roles after --role" "$(printf 'engineer\nincident-commander\nobserver\nrelease-captain')" \
    sign 4.1 --role ""
expect "roles after --roles" "$(printf 'engineer\nincident-commander\nobserver\nrelease-captain')" \
    roster add Ana key.pub --as Ana --role engineer --roles ""
expect "an action" "$(printf 'add\nremove\nrequire-signatures')" roster ""
expect "no second action" "" server init ""
expect "item ids of the run given" "$(printf '4.6\n4.6.1\n4.6.2')" sign --run "$run" 4.6
contains "item ids with --run=RUN" "1.2.1.2" sign --run = "$run" 1.2.1
# The run as bash hands it over: the word as typed, quotes and all.
contains "item ids of a run given in quotes" "4.6.1" sign --run "\"$run\"" 4.6
contains "item ids of a run given with backslashes" "4.6.1" sign --run "${run// /\\ }" 4.6
cp "$run" "$HOME/tilde.golive"
contains "item ids of a run given from ~/" "4.6.1" sign --run "~/tilde.golive" 4.6
contains "files after an item's id" "a run with spaces.golive" attach --run "$run" 4.6 a
expect "no ids without a run" "" sign 4.
expect "no ids from a server run" "" sign --run "postgresql://nobody@127.0.0.1:1/none?run=x" 4.
contains "files for --pdf" "a run with spaces.golive" export --pdf a
contains "files for a runbook" "a run with spaces.golive" lint a
contains "the window's --run takes a file" "a run with spaces.golive" --run a
contains "a command after the window's options" "status" --run "$run" st
expect "nothing for a value that is no file" "" sign 4.1 --as ""

# Asking for ids made no default run.
if [[ -e "$XDG_DATA_HOME/golive/golive/summit-go-live.golive" ]]; then
    echo "FAIL completion made the default run"
    failures=$((failures + 1))
fi
[[ $failures -eq 0 ]] || { echo "$failures completion check(s) failed"; exit 1; }
echo "every completion check passed"
