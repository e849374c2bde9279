#!/bin/sh
# CTest fixture: start a real Prometheus (Debian's prometheus + promtool) on a free loopback
# port, with the backfilled SLO scenario of scenario.py and the alert rules of rules.yml.
# Usage: start-prometheus.sh [--secure] DIR
#   writes DIR/port, DIR/url, DIR/pid, DIR/scenario.json, DIR/*.log
#   Without --secure it also scrapes itself (job "prometheus", up 1) and a dead loopback port
#   (job "nl2cypher", up 0, written to DIR/dead-port), so `up` is real for the health checks.
# --secure: HTTPS with a server certificate (SAN 127.0.0.1 and localhost) from a throwaway CA,
#   and basic authentication for the user "ops" with a random password (bcrypt in the
#   --web.config.file); also writes DIR/ca.pem, DIR/user and DIR/password (mode 0600). The
#   certificate is trusted only with DIR/ca.pem: without it a client must refuse the server.
set -eu

secure=0
if [ "${1:-}" = --secure ]; then
    secure=1
    shift
fi
dir=${1:?usage: start-prometheus.sh [--secure] DIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# A Prometheus left over from an interrupted run is stopped first.
"$here/stop-prometheus.sh" "$dir" >/dev/null 2>&1 || true
rm -rf "$dir/data" "$dir/port" "$dir/pid" "$dir/url" "$dir/ca.pem" "$dir/user" "$dir/password" \
    "$dir/tls" "$dir/dead-port"

tools="prometheus promtool python3 curl"
[ "$secure" -eq 0 ] || tools="$tools openssl htpasswd"
for tool in $tools; do
    command -v "$tool" >/dev/null || { echo "start-prometheus: $tool is not installed" >&2; exit 1; }
done

python3 "$here/scenario.py" --out "$dir/scenario.om" --meta "$dir/scenario.json"
promtool tsdb create-blocks-from openmetrics "$dir/scenario.om" "$dir/data" >"$dir/promtool.log" 2>&1 || {
    echo "start-prometheus: promtool could not backfill the scenario:" >&2
    cat "$dir/promtool.log" >&2
    exit 1
}
cp "$here/rules.yml" "$dir/rules.yml"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
# Without --secure, `up` is real (for the health checks): Prometheus scrapes itself as the job
# "prometheus" (up 1) and, as the job "nl2cypher", a loopback port nobody listens on (up 0).
# The secure variant scrapes nothing: its self-scrape would need the TLS and the password.
scrapes='scrape_configs: []'
if [ "$secure" -eq 0 ]; then
    dead_port=$(free_port)
    while [ "$dead_port" = "$port" ]; do dead_port=$(free_port); done
    echo "$dead_port" >"$dir/dead-port"
    scrapes="scrape_configs:
  - job_name: prometheus
    scrape_interval: 1s
    scrape_timeout: 1s
    static_configs:
      - targets: ['127.0.0.1:$port']
  - job_name: nl2cypher
    scrape_interval: 1s
    scrape_timeout: 1s
    static_configs:
      - targets: ['127.0.0.1:$dead_port']"
fi
cat >"$dir/prometheus.yml" <<YAML
global:
  evaluation_interval: 1s
rule_files:
  - $dir/rules.yml
$scrapes
YAML
promtool check config "$dir/prometheus.yml" >"$dir/promtool-check.log" 2>&1 || {
    cat "$dir/promtool-check.log" >&2
    exit 1
}

# curl as a client that trusts the fixture and knows the password (none of both without
# --secure); the password goes to curl on standard input, never on its command line.
pcurl() {
    if [ "$secure" -eq 1 ]; then
        printf 'user = "ops:%s"\n' "$(cat "$dir/password")" |
            curl --config - --cacert "$dir/ca.pem" "$@"
    else
        curl "$@"
    fi
}

web_config=
scheme=http
if [ "$secure" -eq 1 ]; then
    scheme=https
    tls="$dir/tls"
    (umask 077 && mkdir -p "$tls")
    # A throwaway CA (its key is deleted once it has signed) and a server certificate for
    # 127.0.0.1 and localhost: the names must be in the subjectAltName, not only the CN.
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
            >>"$dir/openssl.log" 2>&1 &&
        openssl verify -CAfile "$dir/ca.pem" "$tls/server.pem" >>"$dir/openssl.log" 2>&1 || {
        echo "start-prometheus: openssl could not make the test certificates:" >&2
        cat "$dir/openssl.log" >&2
        exit 1
    }
    rm -f "$tls/ca.key" "$tls/server.csr" "$dir/ca.srl"

    # A random password (hex, 24 digits after a recognisable prefix) and its bcrypt hash.
    (umask 077 && printf 'golive-pw-%s\n' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" \
        >"$dir/password")
    echo ops >"$dir/user"
    hash=$(htpasswd -niBC 10 ops <"$dir/password" | head -n 1 | cut -d: -f2-)
    case $hash in
    '$2'?'$'*) ;;
    *) echo "start-prometheus: htpasswd gave no bcrypt hash" >&2; exit 1 ;;
    esac
    web_config="$dir/web.yml"
    cat >"$web_config" <<YAML
tls_server_config:
  cert_file: $tls/server.pem
  key_file: $tls/server.key
basic_auth_users:
  ops: '$hash'
YAML
    promtool check web-config "$web_config" >"$dir/promtool-web.log" 2>&1 || {
        cat "$dir/promtool-web.log" >&2
        exit 1
    }
fi

# setsid: the fixture outlives this script, and CTest must not wait on its output.
setsid prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=30d \
    ${web_config:+"--web.config.file=$web_config"} \
    --log.level=warn </dev/null >"$dir/prometheus.log" 2>&1 &
pid=$!
echo "$pid" >"$dir/pid"
echo "$port" >"$dir/port"
base="$scheme://127.0.0.1:$port"
echo "$base" >"$dir/url"

fail() {
    echo "start-prometheus: $1" >&2
    tail -n 20 "$dir/prometheus.log" >&2 || true
    "$here/stop-prometheus.sh" "$dir" >&2 || true
    exit 1
}

# Ready within 10 s.
i=0
until pcurl -fsS "$base/-/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || fail "prometheus exited at start"
    i=$((i + 1))
    [ "$i" -le 100 ] || fail "prometheus at $base was not ready within 10 s"
    sleep 0.1
done

# The critical alert fires within 10 s (rules evaluate every second).
i=0
until pcurl -fsS "$base/api/v1/alerts" 2>/dev/null | grep -q '"alertname":"ProvLedgerLatencyHigh".*"state":"firing"\|"state":"firing".*"alertname":"ProvLedgerLatencyHigh"'; do
    i=$((i + 1))
    [ "$i" -le 100 ] || fail "ProvLedgerLatencyHigh did not fire within 10 s: $(pcurl -sS "$base/api/v1/alerts")"
    sleep 0.1
done

if [ "$secure" -eq 0 ]; then
    # Both `up` series exist within 10 s (scrapes every second): 1 for the job "prometheus",
    # 0 for "nl2cypher", whose port nobody listens on.
    i=0
    until pcurl -fsS "$base/api/v1/query?query=up" 2>/dev/null | python3 -c '
import json, sys
ups = {s["metric"]["job"]: s["value"][1] for s in json.load(sys.stdin)["data"]["result"]}
sys.exit(0 if ups.get("prometheus") == "1" and ups.get("nl2cypher") == "0" else 1)'; do
        i=$((i + 1))
        [ "$i" -le 100 ] || fail "the up series of the jobs prometheus (1) and nl2cypher (0) did not appear within 10 s: $(pcurl -sS "$base/api/v1/query?query=up")"
        sleep 0.1
    done
fi

if [ "$secure" -eq 1 ]; then
    # Secured for real: no password -> 401; the CA not given -> curl refuses the certificate;
    # a wrong password -> 401; localhost (the other SAN) is accepted too.
    code=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$dir/ca.pem" "$base/-/ready" 2>&1) || true
    [ "$code" = 401 ] || fail "without a password $base/-/ready answered $code, not 401"
    code=$(printf 'user = "ops:wrong-%s"\n' "$(cat "$dir/password")" |
        curl -sS -o /dev/null -w '%{http_code}' --config - --cacert "$dir/ca.pem" "$base/-/ready" 2>&1) || true
    [ "$code" = 401 ] || fail "with a wrong password $base/-/ready answered $code, not 401"
    rc=0
    curl -sS -o /dev/null "$base/-/ready" 2>"$dir/untrusted.log" || rc=$?
    # 60: "SSL certificate problem: unable to get local issuer certificate".
    [ "$rc" -eq 60 ] || fail "curl without the CA did not refuse the certificate (exit $rc): $(cat "$dir/untrusted.log")"
    pcurl -fsS -o /dev/null "https://localhost:$port/-/ready" ||
        fail "the certificate is not accepted for https://localhost:$port"
fi

what=
[ "$secure" -eq 0 ] || what=" (TLS from $dir/ca.pem, basic auth as ops)"
echo "prometheus $(prometheus --version 2>&1 | head -n 1 | cut -d' ' -f3) ready at $base$what (pid $pid), data in $dir/data"
