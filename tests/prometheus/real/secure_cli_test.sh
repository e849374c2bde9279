#!/bin/sh
# golive login / logout / check against the secured real Prometheus of the fixture
# (start-prometheus.sh --secure: HTTPS from a throwaway CA, basic auth as "ops"), through the
# real binary, with the password kept in the keychain: run through tests/keychain/with-keyring.sh
# (a throwaway HOME, session bus and unlocked gnome-keyring), or with --no-keyring and
# GOLIVE_EXPECT_NO_KEYCHAIN=1 for the cases without a keychain. Either way the password must
# never show in golive's output nor in any file under the throwaway HOME.
# Usage: with-keyring.sh [--no-keyring] secure_cli_test.sh GOLIVE FIXTURE_DIR
set -u

golive=${1:?usage: with-keyring.sh [--no-keyring] secure_cli_test.sh GOLIVE FIXTURE_DIR}
fixture=${2:?}
if [ -z "${GOLIVE_TEST_HOME:-}" ] || [ "$GOLIVE_TEST_HOME" != "$HOME" ]; then
    echo "FAIL: run this through tests/keychain/with-keyring.sh: it stores a password in the keychain"
    exit 1
fi
for f in url ca.pem user password; do
    [ -s "$fixture/$f" ] || { echo "FAIL: no $f in $fixture; did the real_prometheus_secure fixture run?"; exit 1; }
done
url=$(cat "$fixture/url")
ca="$fixture/ca.pem"
user=$(cat "$fixture/user")
password=$(cat "$fixture/password")
port=$(cat "$fixture/port")
no_keychain=${GOLIVE_EXPECT_NO_KEYCHAIN:-0}
unset GOLIVE_PROMETHEUS_URL GOLIVE_PROMETHEUS_TOKEN

# The transcript of every command lives outside HOME (HOME is searched at the end).
work=$(mktemp -d /tmp/golive-secure-cli.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
: >"$work/transcript"
# A wrong password that shares nothing with the right one.
(umask 077 && printf 'golive-wrong-%s\n' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" \
    >"$work/wrong")
wrong=$(cat "$work/wrong")

failures=0
fail() {
    echo "FAIL: $*"
    echo "--- stdout"; cat "$work/out"
    echo "--- stderr"; cat "$work/err"
    failures=$((failures + 1))
}
# run EXPECTED_EXIT ARGS... (standard input: run's): golive's stdout/stderr in $work/out, err.
# With $token set, golive gets it as GOLIVE_PROMETHEUS_TOKEN (for that one command).
token=
run() {
    expected=$1
    shift
    if [ -n "$token" ]; then
        GOLIVE_PROMETHEUS_TOKEN=$token "$golive" "$@" >"$work/out" 2>"$work/err"
        code=$?
        token=
    else
        "$golive" "$@" >"$work/out" 2>"$work/err"
        code=$?
    fi
    echo "golive $* -> exit $code"
    { echo "### golive $*"; cat "$work/out" "$work/err"; } >>"$work/transcript"
    if [ "$code" -ne "$expected" ]; then
        fail "golive $* exited $code, expected $expected"
        return 1
    fi
    return 0
}
has() { # has out|err TEXT
    grep -qF -- "$2" "$work/$1" || fail "$1 of the last command lacks: $2"
}
lacks() {
    ! grep -qF -- "$2" "$work/$1" || fail "$1 of the last command should not contain: $2"
}
# The Secret Service's own view (not golive's): QtKeychain stores the item with the attributes
# server = golive, user = golive's key "prometheus URL user=NAME".
key="prometheus https://127.0.0.1:$port user=$user"
in_keychain() { secret-tool lookup server golive user "$key" 2>/dev/null; }
# settings_have TEXT: some file under ~/.config (golive's settings) contains TEXT.
settings_have() { grep -rqF -- "$1" "$HOME/.config" 2>/dev/null; }
settings_text() { find "$HOME/.config" -type f -exec cat {} + 2>/dev/null; }

breach_with_data() { # after `run 1 check ...`: the scenario's breach, read from Prometheus
    has out "prov-ledger p95 latency"
    has out "breach"
    has out "ProvLedgerLatencyHigh"
    has err "BREACH"
    has err "prov-ledger p95 latency"
}

# 1. The throwaway CA is not trusted by default: 2, "not trusted" (before any credential).
if run 2 check --prometheus "$url" --timeout 10; then
    has err "not trusted"
fi

# 2. Trusted, but no login: Prometheus says 401 and golive says how to log in.
if run 2 check --prometheus "$url" --ca-file "$ca" --timeout 10; then
    has err "401"
    has err "golive login"
fi

if [ "$no_keychain" = 1 ]; then
    # --- No keychain: login refuses to store, says why, writes nothing -----------------------
    if run 1 login "$url" --user "$user" --ca-file "$ca" <"$fixture/password"; then
        has err "no keychain is available"
        has err "GOLIVE_PROMETHEUS_TOKEN"
        lacks err "stored in the keychain"
    fi
    token=$password
    if run 1 login "$url" --user "$user" --ca-file "$ca" </dev/null; then
        has err "no keychain is available"
    fi
    # Nothing recorded either: check still knows no CA and no user for the URL.
    ! settings_have "127.0.0.1:$port" ||
        fail "a login that stored nothing was recorded in the settings: $(settings_text)"
    if run 2 check --prometheus "$url" --timeout 10; then
        has err "not trusted"
    fi
    # The password for this run only still works without a keychain.
    token=$password
    if run 1 check --prometheus "$url" --ca-file "$ca" --user "$user"; then
        breach_with_data
    fi
else
    # --- With the keyring ---------------------------------------------------------------------
    # 3. A wrong password is refused by Prometheus and not stored; check still gets 401.
    if run 1 login "$url" --user "$user" --ca-file "$ca" <"$work/wrong"; then
        has err "refused"
        lacks err "stored in the keychain"
    fi
    [ -z "$(in_keychain)" ] || fail "the refused password is in the keychain"
    ! settings_have "127.0.0.1:$port" ||
        fail "a refused login was recorded in the settings: $(settings_text)"
    if run 2 check --prometheus "$url" --ca-file "$ca" --user "$user" --timeout 10; then
        has err "401"
        has err "golive login"
    fi

    # 4. The right password on standard input: 0, stored in the keychain (seen independently).
    if run 0 login "$url" --user "$user" --ca-file "$ca" <"$fixture/password"; then
        has err "stored in the keychain"
        has err "Prometheus 2.42"
    fi
    [ "$(in_keychain)" = "$password" ] ||
        fail "the Secret Service has no item server=golive user=\"$key\" with the password: $(secret-tool search --all server golive 2>&1 | grep -v '^secret = ')"
    # The settings record the login (URL -> user, auth, CA file), never the secret.
    settings_have "$ca" ||
        fail "the settings do not record the CA file of the login: $(settings_text)"

    # 5. check with nothing but the URL: user and CA from the login record, the password from
    #    the keychain; the data is read (the scenario's breach: 1). The URL is normalised.
    if run 1 check --prometheus "$url"; then
        breach_with_data
        has out "Prometheus 2.42"
    fi
    if run 1 check --prometheus "$url/" --json; then
        has out '"result": "breach"'
    fi
    # Another host name is another entry: localhost does not get 127.0.0.1's password.
    if run 2 check --prometheus "https://localhost:$port" --ca-file "$ca" --user "$user" --timeout 10; then
        has err "401"
    fi

    # 6. logout removes it: the keychain has no item, check is refused again.
    if run 0 logout "$url"; then
        has err "removed"
    fi
    [ -z "$(in_keychain)" ] || fail "logout left the password in the keychain"
    if run 2 check --prometheus "$url" --ca-file "$ca" --user "$user" --timeout 10; then
        has err "401"
        has err "golive login"
    fi
    # Logging out again: nothing was stored, and it says so.
    if run 0 logout "$url" --user "$user"; then
        has err "nothing was stored"
    fi

    # 7. The password for one run only: used, and not stored.
    token=$password
    if run 1 check --prometheus "$url" --ca-file "$ca" --user "$user"; then
        breach_with_data
    fi
    [ -z "$(in_keychain)" ] || fail "GOLIVE_PROMETHEUS_TOKEN for check was stored in the keychain"

    # 8. login with the password in GOLIVE_PROMETHEUS_TOKEN (standard input is not read).
    token=$password
    if run 0 login "$url" --user "$user" --ca-file "$ca" </dev/null; then
        has err "stored in the keychain"
    fi
    [ "$(in_keychain)" = "$password" ] || fail "login from GOLIVE_PROMETHEUS_TOKEN stored nothing"
    if run 1 check --prometheus "$url"; then
        breach_with_data
    fi

    # 9. The Settings dialog names the same address with another user: its values come first
    #    (one table for window and command line), and login says so instead of looking used.
    conf=$(find "$HOME/.config" -name '*.conf' -path '*golive*' | head -n 1)
    [ -n "$conf" ] || fail "no golive settings file under $HOME/.config"
    sed -i "/^\[prometheus\]/a url=$url\nauth=basic\nuser=someone-else" "$conf"
    token=$password
    if run 0 login "$url" --user "$user" --ca-file "$ca" </dev/null; then
        has err "the Settings dialog names this address too (basic as someone-else)"
    fi
    # The password stays in the keychain to the end, so the search below covers a keyring
    # file that holds it (encrypted).
fi

# The password (and the wrong one) never in golive's output.
for secret in "$password" "$wrong"; do
    if grep -qF -- "$secret" "$work/transcript"; then
        echo "FAIL: a password is in golive's output:"
        grep -nF -- "$secret" "$work/transcript" | sed "s/$secret/<PASSWORD>/g"
        failures=$((failures + 1))
    fi
done

# Nor in any file under HOME: settings, logs, caches, the run if any, and gnome-keyring's own
# files (its login.keyring is encrypted: the plaintext is not in it, so nothing is excluded).
# -a: binary files too; -D skip: the sockets of the bus and the keyring.
files=$(find "$HOME" -type f | wc -l)
for secret in "$password" "$wrong"; do
    hits=$(grep -rlaF -D skip -- "$secret" "$HOME")
    if [ -n "$hits" ]; then
        echo "FAIL: a password is in these files under HOME: $hits"
        failures=$((failures + 1))
    fi
done
if [ "$no_keychain" != 1 ] && [ ! -s "$HOME/.local/share/keyrings/login.keyring" ]; then
    echo "FAIL: gnome-keyring wrote no login.keyring: the search covered no keyring file"
    failures=$((failures + 1))
fi
echo "searched $files files under HOME for the passwords: $(find "$HOME" -type f | sed "s|^$HOME/||" | tr '\n' ' ')"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all secure golive login/check cases passed ($([ "$no_keychain" = 1 ] && echo 'no keychain' || echo 'gnome-keyring'))"
