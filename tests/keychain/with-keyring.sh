#!/bin/sh
# Runs a command in a throwaway desktop-like session: a fresh HOME (with XDG_RUNTIME_DIR,
# XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and TMPDIR inside it), a private D-Bus session
# bus (dbus-run-session) and, unless --no-keyring, gnome-keyring's Secret Service unlocked with a
# random password, confirmed on the bus before the command starts. Works headless, as root too.
#
# Usage: with-keyring.sh [--no-keyring] CMD [ARGS...]
#
# The command sees GOLIVE_TEST_HOME (= HOME) to inspect what was written there. The bus starts
# no service on demand (its configuration lists no service folders), so with --no-keyring
# nothing answers on org.freedesktop.secrets, and with a keyring nothing but the daemon started
# here does. Afterwards the keyring daemon is stopped, the bus goes with dbus-run-session and the
# folder is removed; the exit code is the command's (125 when the session could not be set up).
set -u

me=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

say() { echo "with-keyring: $*" >&2; }

# --- Inside the bus session (dbus-run-session runs this script again) ------------------------
if [ "${1:-}" = --inside-session ]; then
    shift
    mode=$1
    shift
    keyring_pid=
    stop_keyring() {
        [ -n "$keyring_pid" ] || return 0
        kill "$keyring_pid" 2>/dev/null
        i=0
        while kill -0 "$keyring_pid" 2>/dev/null; do
            i=$((i + 1))
            if [ "$i" -gt 50 ]; then
                kill -9 "$keyring_pid" 2>/dev/null
                break
            fi
            sleep 0.1
        done
        wait "$keyring_pid" 2>/dev/null
        keyring_pid=
    }
    trap 'stop_keyring; exit 129' HUP
    trap 'stop_keyring; exit 130' INT
    trap 'stop_keyring; exit 143' TERM

    has_owner() {
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
            grep -q 'boolean true'
    }

    if [ "$mode" = keyring ]; then
        # The keyring's own password: random, given on standard input (never an argument).
        pwfile=$XDG_RUNTIME_DIR/keyring-password
        (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$pwfile")
        # --foreground: no fork, so $! is the daemon and it can be stopped for sure.
        gnome-keyring-daemon --foreground --unlock --components=secrets \
            <"$pwfile" >"$XDG_RUNTIME_DIR/gnome-keyring.log" 2>&1 &
        keyring_pid=$!
        i=0
        until has_owner; do
            if ! kill -0 "$keyring_pid" 2>/dev/null; then
                say "gnome-keyring-daemon exited before taking org.freedesktop.secrets:"
                cat "$XDG_RUNTIME_DIR/gnome-keyring.log" >&2
                keyring_pid=
                rm -f "$pwfile"
                exit 125
            fi
            i=$((i + 1))
            if [ "$i" -gt 50 ]; then
                say "org.freedesktop.secrets is not on the session bus 5 s after starting" \
                    "gnome-keyring-daemon (pid $keyring_pid):"
                cat "$XDG_RUNTIME_DIR/gnome-keyring.log" >&2
                stop_keyring
                rm -f "$pwfile"
                exit 125
            fi
            sleep 0.1
        done
        rm -f "$pwfile"
    elif has_owner; then
        say "something owns org.freedesktop.secrets on a bus that should have no keychain"
        exit 125
    fi

    "$@"
    code=$?
    stop_keyring
    exit "$code"
fi

# --- Outside: the folder, the environment, the bus --------------------------------------------
mode=keyring
if [ "${1:-}" = --no-keyring ]; then
    mode=none
    shift
fi
if [ $# -eq 0 ]; then
    echo "usage: with-keyring.sh [--no-keyring] CMD [ARGS...]" >&2
    exit 125
fi
for tool in dbus-run-session dbus-send; do
    command -v "$tool" >/dev/null || { say "$tool is not installed (package dbus)"; exit 125; }
done
if [ "$mode" = keyring ] && ! command -v gnome-keyring-daemon >/dev/null; then
    say "gnome-keyring-daemon is not installed (package gnome-keyring)"
    exit 125
fi

top=$(mktemp -d "${TMPDIR:-/tmp}/golive-keyring.XXXXXX") || exit 125
trap 'rm -rf "$top"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 700 "$top"
home=$top/home
mkdir -p "$home/.run" "$home/.local/share" "$home/.config" "$home/.cache" "$home/.tmp"
chmod 700 "$home" "$home/.run"

# A session bus like the standard one, minus <standard_session_servicedirs/>: no activation.
cat >"$top/session.conf" <<XML
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir=$home/.run</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
XML

# Nothing of the caller's desktop session leaks in (QtKeychain picks its backend from these).
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY XDG_CURRENT_DESKTOP XDG_SESSION_DESKTOP \
    XDG_SESSION_TYPE DESKTOP_SESSION KDE_FULL_SESSION KDE_SESSION_VERSION GNOME_KEYRING_CONTROL \
    SSH_AUTH_SOCK GNOME_DESKTOP_SESSION_ID
export HOME="$home" GOLIVE_TEST_HOME="$home" XDG_RUNTIME_DIR="$home/.run" \
    XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
    XDG_CACHE_HOME="$home/.cache" TMPDIR="$home/.tmp"

dbus-run-session --config-file="$top/session.conf" -- "$me" --inside-session "$mode" "$@"
exit $?
