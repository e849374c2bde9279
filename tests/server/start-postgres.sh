#!/bin/sh
# CTest fixture: a real PostgreSQL (Debian's postgresql 15) in DIR, for the server-run tests.
# initdb into DIR/data, scram-sha-256 for every connection, TLS with a server certificate
# (SAN 127.0.0.1 and localhost) from a throwaway CA, listening on 127.0.0.1 and a free port,
# its Unix socket in DIR/sock. No system service is touched.
# Usage: start-postgres.sh DIR
#   writes DIR/port, DIR/url (the admin's URI, no password), DIR/admin-password (0600),
#   DIR/pgpass (0600, libpq's password file for the admin), DIR/ca.pem, DIR/pgctl (start, stop,
#   kill, status: kill is SIGKILL of the postmaster) and DIR/*.log.
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user the package
# creates, DIR is handed to it and every folder above DIR is made traversable (o+x).
set -eu
dir=${1:?usage: start-postgres.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

"$here/stop-postgres.sh" "$dir" >/dev/null 2>&1 || true
rm -rf "$dir/data" "$dir/sock" "$dir/tls" "$dir/port" "$dir/url" "$dir/admin-password" \
    "$dir/pgpass" "$dir/ca.pem" "$dir/pgctl"

bin=
for v in 17 16 15; do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
        bin=/usr/lib/postgresql/$v/bin
        break
    fi
done
[ -n "$bin" ] || { echo "start-postgres: PostgreSQL's initdb is not installed (packaging/install-deps.sh installs postgresql)" >&2; exit 1; }
for tool in openssl python3; do
    command -v "$tool" >/dev/null || { echo "start-postgres: $tool is not installed" >&2; exit 1; }
done

as_server=
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "start-postgres: running as root, but there is no postgres user to run the server as" >&2; exit 1; }
    as_server="runuser -u postgres --"
    p=$dir
    while [ "$p" != / ]; do
        chmod o+x "$p"
        p=$(dirname "$p")
    done
fi

(umask 077 && printf 'golive-admin-%s\n' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" >"$dir/admin-password")
password=$(cat "$dir/admin-password")
mkdir -p "$dir/data" "$dir/sock" "$dir/tls"
if [ -n "$as_server" ]; then
    chown postgres "$dir/data" "$dir/sock" "$dir/tls"
    cp "$dir/admin-password" "$dir/tls/pw" && chown postgres "$dir/tls/pw"
else
    cp "$dir/admin-password" "$dir/tls/pw"
fi
chmod 700 "$dir/data"

$as_server "$bin/initdb" -D "$dir/data" -U golive_admin --pwfile="$dir/tls/pw" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    echo "start-postgres: initdb failed:" >&2
    cat "$dir/initdb.log" >&2
    exit 1
}
rm -f "$dir/tls/pw"

# A throwaway CA (its key deleted once it has signed) and a server certificate for 127.0.0.1
# and localhost, in the subjectAltName.
tls=$dir/tls
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=golive test CA (throwaway)" -keyout "$tls/ca.key" -out "$dir/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" >"$dir/openssl.log" 2>&1 &&
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -subj "/CN=127.0.0.1" -keyout "$tls/server.key" -out "$tls/server.csr" \
        >>"$dir/openssl.log" 2>&1 &&
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=CA:FALSE" \
        "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$tls/server.ext" &&
    openssl x509 -req -in "$tls/server.csr" -CA "$dir/ca.pem" -CAkey "$tls/ca.key" \
        -CAcreateserial -days 2 -extfile "$tls/server.ext" -out "$tls/server.pem" \
        >>"$dir/openssl.log" 2>&1 || {
    echo "start-postgres: openssl could not make the test certificates:" >&2
    cat "$dir/openssl.log" >&2
    exit 1
}
rm -f "$tls/ca.key" "$tls/server.csr" "$dir/ca.srl"
chmod 600 "$tls/server.key"
[ -z "$as_server" ] || chown postgres "$tls/server.key" "$tls/server.pem"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/sock'
ssl = on
ssl_cert_file = '$tls/server.pem'
ssl_key_file = '$tls/server.key'
fsync = on
synchronous_commit = on
max_connections = 100
log_min_messages = warning
CONF
cat >"$dir/data/pg_hba.conf" <<HBA
local all all scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
HBA

# pgctl: its paths and the way to run as the server's user first, then the script itself.
cat >"$dir/pgctl" <<CTL
#!/bin/sh
# The fixture's server: start, stop, kill (SIGKILL of the postmaster, as a crash), status.
set -eu
bin='$bin'
data='$dir/data'
log='$dir/postgres.log'
as_server='$as_server'
CTL
cat >>"$dir/pgctl" <<'CTL'
# Runs "$@" until it succeeds, for at most 30 s; false if it never did.
within_30s() {
    tries=0
    while ! "$@"; do
        tries=$((tries + 1))
        [ "$tries" -lt 600 ] || return 1
        sleep 0.05
    done
}
# Gone and reaped: a zombie still holds its pid, and pg_ctl start refuses while it does.
gone() { ! kill -0 "$1" 2>/dev/null; }
# The postmaster of this data folder, or false: the pid postmaster.pid names, only if that
# process is a postgres whose command line names this folder. After a kill -9 the file stays
# behind, and its pid may belong to another process by now.
postmaster() {
    [ -r "$data/postmaster.pid" ] || return 1
    pid=$(head -n 1 "$data/postmaster.pid")
    case $pid in '' | *[!0-9]*) return 1 ;; esac
    [ -r "/proc/$pid/cmdline" ] || return 1
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline")
    case $cmd in *postgres*) ;; *) return 1 ;; esac
    # This very folder as one of its arguments (-D DIR), not a folder whose name starts so.
    tr '\0' '\n' <"/proc/$pid/cmdline" | grep -Fqx -- "$data" || return 1
    echo "$pid"
}
case ${1:?usage: pgctl start|stop|kill|status} in
start) $as_server "$bin/pg_ctl" -D "$data" -l "$log" -w -t 30 start >/dev/null ;;
stop) $as_server "$bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null ;;
kill)
    pid=$(postmaster) || {
        echo "pgctl: no postmaster of $data is running; nothing was killed" >&2
        exit 1
    }
    # As the server's user when there is one: a root shell never signals anything else.
    if [ -n "$as_server" ]; then $as_server /bin/kill -9 "$pid"; else kill -9 "$pid"; fi
    within_30s gone "$pid" || {
        echo "pgctl: the postmaster $pid of $data was still running 30 s after SIGKILL" >&2
        exit 1
    }
    ;;
status) $as_server "$bin/pg_ctl" -D "$data" status >/dev/null ;;
*)
    echo "usage: pgctl start|stop|kill|status" >&2
    exit 2
    ;;
esac
CTL
chmod 755 "$dir/pgctl"
[ -z "$as_server" ] || chown postgres "$dir"
touch "$dir/postgres.log"
[ -z "$as_server" ] || chown postgres "$dir/postgres.log"
"$dir/pgctl" start || {
    echo "start-postgres: the server did not start:" >&2
    tail -n 20 "$dir/postgres.log" >&2
    exit 1
}

(umask 077 && {
    printf '127.0.0.1:%s:*:golive_admin:%s\n' "$port" "$password"
    printf 'localhost:%s:*:golive_admin:%s\n' "$port" "$password"
} >"$dir/pgpass")
PGPASSFILE="$dir/pgpass" "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U golive_admin -d postgres \
    -v ON_ERROR_STOP=1 -c "CREATE DATABASE golive" >"$dir/psql.log" 2>&1 || {
    echo "start-postgres: could not create the database golive:" >&2
    cat "$dir/psql.log" >&2
    exit 1
}
echo "$port" >"$dir/port"
echo "postgresql://golive_admin@127.0.0.1:$port/golive" >"$dir/url"
echo "postgresql $("$bin/postgres" --version | cut -d' ' -f3) ready at 127.0.0.1:$port (TLS from $dir/ca.pem), socket in $dir/sock, data in $dir/data"
