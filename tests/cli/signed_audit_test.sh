#!/usr/bin/env bash
# A signed run can be audited without golive: packaging/golive-audit.py (which checks each
# signature with `ssh-keygen -Y verify`) and `golive verify` must agree on a good signed run
# and refuse, naming the same event, each attack on one: a signature over other bytes, a row
# rewritten with every hash recomputed (triggers dropped first), a stripped, truncated or
# non-SSHSIG signature, a key not on the roster, a key removed from the roster signing later,
# a roster change by an engineer (as an engineer, or claiming the commander's role with a line
# that names no role), a sign-off in a role the key's line does not name, an unsigned roster
# change that gives the roster to an attacker's key, an unsigned event in a run that requires
# signatures. A signature made before the run had a roster fails neither.
# The runs are written with python3 + sqlite3 and signed with ssh-keygen (tests/cli/
# signed_run.py), since golive refuses to write most of them. `golive export --json` carries
# what an auditor needs to check every signature from the export alone.
set -euo pipefail
golive=$1 audit=$2 build=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export HOME=$dir XDG_CONFIG_HOME=$dir/config QT_QPA_PLATFORM=offscreen
# Each golive process with its own record of heads seen: every copy below shares the run's id,
# and none must be judged against the head another one had.
gl() { XDG_DATA_HOME=$(mktemp -d -p "$dir") "$golive" "$@"; }
b() { python3 "$build" "$@"; }

for k in ic eng olga mallory; do ssh-keygen -q -t ed25519 -N "" -C "$k" -f "$dir/$k"; done
ssh-keygen -q -t ecdsa -N "" -C rc -f "$dir/rc"
ssh-keygen -q -t ed25519 -N "" -C rc-spare -f "$dir/rc-spare"
line() { printf '"%s" namespaces="golive" %s\n' "$1" "$(cut -d' ' -f1,2 "$dir/$2.pub")"; }
# Zoë has a spare key on the roster too. Inès's line names the commander's role, which
# changing the roster takes; the others sign in any role but that.
{ line "Inès Ortega,role:incident-commander" ic; line "Zoë Ångström" rc; line "Zoë Ångström" rc-spare; line Raj eng
  line Olga olga; } >"$dir/roster"
grep -v '^"Olga"' "$dir/roster" >"$dir/roster-without-olga"
{ cat "$dir/roster"; line Raj mallory; } >"$dir/roster-with-mallory"

run=$dir/signed.golive
gl new --out "$run" >/dev/null
b "$run" roster "$dir/roster"
b "$run" append signed 0.1 "" 'window "18:00–20:00" ✓' "Inès Ortega" incident-commander "$dir/ic"
b "$run" append signed 0.2 "" "" "Zoë Ångström" release-captain "$dir/rc"
b "$run" append note-added 1.1 "" "unsigned: signatures are optional here" Raj engineer
b "$run" append signed 1.1 "" "" Olga engineer "$dir/olga"
b "$run" append roster-changed "" remove "$(cat "$dir/roster-without-olga")
" "Inès Ortega" incident-commander "$dir/ic"
b "$run" append signed 1.2 "" "" Raj engineer "$dir/eng"

# The good run: both accept it, and say what they checked.
"$audit" "$run" >"$dir/out" || { echo "audit refused the good signed run:" >&2; cat "$dir/out" >&2; exit 1; }
grep -q "chain intact, 6 events" "$dir/out"
grep -q "signatures: 5 signed by roster keys, 1 unsigned" "$dir/out"
gl verify --run "$run" >"$dir/out" 2>&1 || { echo "verify refused the good signed run:" >&2; cat "$dir/out" >&2; exit 1; }
grep -q "ledger intact: 6 events" "$dir/out"
grep -q "5 events signed by roster keys, 1 unsigned" "$dir/out"
gl verify --json --run "$run" >"$dir/out.json"
python3 - "$dir/out.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
s = v["signatures"]
assert v["intact"] and s["passes"] and s["good"] == 5 and s["unsigned"] == 1, s
assert [e["status"] for e in s["events"]] == ["good"] * 2 + ["unsigned"] + ["good"] * 3, s
e = s["events"][1]
assert e["actor"] == "Zoë Ångström" and e["role"] == "release-captain", e
assert e["keyType"] == "ecdsa-sha2-nistp256" and e["fingerprint"].startswith("SHA256:"), e
assert e["kind"] == "signed" and e["seq"] == 2 and e["problem"] == "", e
PY

# An auditor's own roster, which never had Olga: verify says so, and refuses her sign-off.
if gl verify --allowed-signers "$dir/roster-without-olga" --run "$run" >"$dir/out" 2>&1; then
    echo "verify --allowed-signers accepted a key the auditor's roster lacks" >&2; exit 1
fi
grep -q "checked against the roster in .*roster-without-olga" "$dir/out"
grep -q "not on the roster: event #4 by Olga" "$dir/out"

# The export carries each signature and the exact bytes it signs: ssh-keygen checks them.
gl export --json "$dir/export.json" --run "$run" >/dev/null
python3 - "$dir/export.json" "$dir" <<'PY'
import base64, json, subprocess, sys
x, d = json.load(open(sys.argv[1])), sys.argv[2]
assert x["allowedSigners"] == open(f"{d}/roster", encoding="utf-8").read(), x["allowedSigners"]
assert x["signaturesRequired"] is False
assert x["genesis"] == x["events"][0]["prev"], (x["genesis"], x["events"][0]["prev"])
assert "signature" not in x["events"][2] and "signedData" not in x["events"][2]
roster = x["allowedSigners"]
checked = 0
for e in x["events"]:
    if "signature" not in e:
        continue
    open(f"{d}/roster.now", "w", encoding="utf-8").write(roster)
    data = base64.b64decode(e["signedData"])
    assert json.loads(data)["key"] == e["keyFingerprint"], e
    open(f"{d}/sig", "w").write(e["signature"])
    r = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", f"{d}/roster.now", "-I", e["actor"],
                        "-n", "golive", "-s", f"{d}/sig"], input=data, capture_output=True)
    assert r.returncode == 0, (e["seq"], r.stdout, r.stderr)
    assert e["signatureStatus"] == "good", e
    if e["kind"] == "roster-changed":
        roster = e["text"]
    checked += 1
assert checked == 5, checked
PY

# Both must refuse each attacked copy, each naming the event first.
# What verify printed (both streams) for a run it is expected to refuse.
said() { # FILE
    if gl verify --run "$1" >"$dir/said" 2>&1; then echo "golive verify accepted $1" >&2; exit 1; fi
}
refused() { # FILE EVENT WHAT
    if "$audit" "$1" >"$dir/out"; then echo "audit accepted $3" >&2; cat "$dir/out" >&2; exit 1; fi
    grep -o "event #[0-9]*" "$dir/out" | head -1 | grep -qx "event #$2" ||
        { echo "audit did not name event #$2 first for $3:" >&2; cat "$dir/out" >&2; exit 1; }
    if gl verify --run "$1" >"$dir/out" 2>"$dir/err"; then
        echo "golive verify accepted $3" >&2; cat "$dir/out" >&2; exit 1
    fi
    grep -o "event #[0-9]*" "$dir/err" | head -1 | grep -qx "event #$2" ||
        { echo "verify did not name event #$2 for $3:" >&2; cat "$dir/out" "$dir/err" >&2; exit 1; }
}
attack() { # NAME then signed_run.py operations, separated by ';'
    cp "$run" "$dir/$1.golive"
    local name=$1; shift
    local ops=() a
    for a in "$@"; do
        if [ "$a" = ";" ]; then b "$dir/$name.golive" "${ops[@]}"; ops=(); else ops+=("$a"); fi
    done
    [ ${#ops[@]} -eq 0 ] || b "$dir/$name.golive" "${ops[@]}"
}

attack otherbytes signother 2 "$dir/rc"
refused "$dir/otherbytes.golive" 2 "a signature over other bytes"

# The rewrite an attacker with the file would do: text changed, every hash after it recomputed.
# The chain is intact again; the signature is what tells.
attack rewrite set 4 text "signed off after a full rehearsal" \; rehash
refused "$dir/rewrite.golive" 4 "a rewritten row with every hash recomputed"
said "$dir/rewrite.golive"
grep -q "ledger intact: 6 events" "$dir/said" ||
    { echo "the rehashed copy should have an intact chain" >&2; exit 1; }
grep -q "bad signature: event #4" "$dir/said" ||
    { echo "verify did not list event #4 as a bad signature" >&2; exit 1; }

# Zoë's spare key, also hers on the roster, signing bytes that name her other key.
attack anotherkey signas 2 "$dir/rc-spare"
refused "$dir/anotherkey.golive" 2 "a signature by another key than the event names"

attack stripped set 2 signature NULL
refused "$dir/stripped.golive" 2 "a stripped signature"

sig=$(sqlite3 "$run" "SELECT signature FROM events WHERE seq=2")
attack truncated set 2 signature "$(printf '%s\n-----END SSH SIGNATURE-----\n' "${sig:0:120}")"
refused "$dir/truncated.golive" 2 "a truncated signature"
attack pgp set 2 signature $'-----BEGIN PGP SIGNATURE-----\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----\n'
refused "$dir/pgp.golive" 2 "a signature that is not SSHSIG"

attack mallory append signed 2.1 "" "" Raj engineer "$dir/mallory"
refused "$dir/mallory.golive" 7 "a key not on the roster"

attack removed append signed 2.1 "" "" Olga engineer "$dir/olga"
refused "$dir/removed.golive" 7 "a key signing after it was removed from the roster"
said "$dir/removed.golive"
grep -q "removed from the roster at event #5" "$dir/said" ||
    { echo "verify did not say when Olga's key was removed" >&2; exit 1; }

attack engineer append roster-changed "" add "$(cat "$dir/roster-with-mallory")
" Raj engineer "$dir/eng" \; append signed 2.1 "" "" Raj engineer "$dir/mallory"
refused "$dir/engineer.golive" 7 "a roster change by an engineer"

# Raj's line names no role: claiming the commander's role does not let him change the roster.
attack engineeric append roster-changed "" add "$(cat "$dir/roster-with-mallory")
" Raj incident-commander "$dir/eng" \; append signed 2.1 "" "" Raj engineer "$dir/mallory"
refused "$dir/engineeric.golive" 7 "a roster change claiming the commander's role"
said "$dir/engineeric.golive"
grep -q "event #7.*to change the roster" "$dir/said" ||
    { echo "verify did not say Raj's key may not change the roster" >&2; cat "$dir/said" >&2; exit 1; }

# The commander's own signed changes that golive would not write: a roster of comments only,
# and requiring signatures while slipping Mallory in.
attack emptied append roster-changed "" remove "# nobody
" "Inès Ortega" incident-commander "$dir/ic" \; append signed 2.1 "" "" Raj engineer "$dir/eng"
refused "$dir/emptied.golive" 7 "a roster change that leaves nobody on the roster"
attack requirewiden append roster-changed "" require-signatures "$(cat "$dir/roster-with-mallory")
" "Inès Ortega" incident-commander "$dir/ic" \; append signed 2.1 "" "" Raj engineer "$dir/mallory"
refused "$dir/requirewiden.golive" 7 "requiring signatures while changing the roster"

# A roster that keeps people but nobody who may change it again: the writer refuses it, so
# both refuse it in the record.
attack headless append roster-changed "" remove "$(line Raj eng)
$(line Olga olga)
" "Inès Ortega" incident-commander "$dir/ic" \; append signed 2.1 "" "" Raj engineer "$dir/eng"
refused "$dir/headless.golive" 7 "a roster change that leaves nobody who may change it"

# A roster whose key line lost its base64 padding: ssh-keygen does not read it, and neither
# does golive, so the roster vouches for nobody and Mallory's signature as Inès fails both.
# (Zoë's ECDSA key is the one whose base64 ends in padding.)
line "Zoë Ångström" rc | grep -q '=$' || { echo "Zoë's key line has no padding to lose" >&2; exit 1; }
{ line "Inès Ortega,role:incident-commander" ic; line "Zoë Ångström" rc | sed 's/=*$//'; } \
    >"$dir/roster-unpadded"
grep -q '=$' "$dir/roster-unpadded" && { echo "the roster still has its padding" >&2; exit 1; }
unpadded=$dir/unpadded.golive
gl new --out "$unpadded" >/dev/null
b "$unpadded" roster "$dir/roster-unpadded"
b "$unpadded" append signed 0.1 "" "" "Inès Ortega" incident-commander "$dir/mallory"
refused "$unpadded" 1 "a signature by a key off a roster that does not read"

# An unsigned roster change giving the roster to Mallory's key alone: it counts for nobody.
# Both refuse the record, and golive's writer still judges by the real roster: Mallory's key
# is refused, Raj's own is taken.
attack forged append roster-changed "" add "$(line Raj mallory)" "Inès Ortega" incident-commander \
    \; append signed 2.1 "" "" Raj engineer "$dir/mallory"
refused "$dir/forged.golive" 7 "an unsigned roster change to an attacker's key"
if gl sign 1.3 --as Raj --role engineer --key "$dir/mallory" --run "$dir/forged.golive" \
    >"$dir/out" 2>&1; then
    echo "golive signed with a key only a forged roster change gives" >&2; cat "$dir/out" >&2; exit 1
fi
grep -q "not on this run's roster" "$dir/out" || { cat "$dir/out" >&2; exit 1; }
gl sign 1.3 --as Raj --role engineer --key "$dir/eng" --run "$dir/forged.golive" >"$dir/out" 2>&1 ||
    { echo "golive refused Raj's own key after a forged roster change:" >&2; cat "$dir/out" >&2; exit 1; }

# Raj's line names only the engineer's role: signing as the incident commander is refused.
{ line "Inès Ortega,role:incident-commander" ic; line "Raj,role:engineer" eng; } >"$dir/roster-roles"
roles=$dir/roles.golive
gl new --out "$roles" >/dev/null
b "$roles" roster "$dir/roster-roles"
b "$roles" append signed 0.1 "" "" "Inès Ortega" incident-commander "$dir/ic"
b "$roles" append signed 0.2 "" "" Raj engineer "$dir/eng"
"$audit" "$roles" >"$dir/out" || { echo "audit refused a run signed in the roles named:" >&2; cat "$dir/out" >&2; exit 1; }
gl verify --run "$roles" >/dev/null 2>&1 || { echo "verify refused a run signed in the roles named" >&2; exit 1; }
cp "$roles" "$dir/asic.golive"
b "$dir/asic.golive" append signed 1.1 "" "" Raj incident-commander "$dir/eng"
refused "$dir/asic.golive" 3 "a sign-off in a role the key's line does not name"
# ssh-keygen -I role:engineer would match Raj's line, but a role is never a name.
cp "$roles" "$dir/asrole.golive"
b "$dir/asrole.golive" append signed 1.1 "" "" role:engineer engineer "$dir/eng"
refused "$dir/asrole.golive" 3 "a sign-off by a role principal as a name"

# Signed before the run had a roster, then a commander adds one, all by golive itself: the
# first signature is off the roster but no roster was in force, so both accept the run.
late=$dir/late.golive
gl new --out "$late" >/dev/null
gl sign 0.1 --as Raj --role engineer --key "$dir/eng" --run "$late" >/dev/null
gl roster add "Inès Ortega" "$dir/ic.pub" --roles incident-commander --as "Inès Ortega" \
    --role incident-commander --key "$dir/ic" --run "$late" >/dev/null
"$audit" "$late" >"$dir/out" || { echo "audit refused a roster that came after a signature:" >&2; cat "$dir/out" >&2; exit 1; }
grep -q "signatures: 1 signed by roster keys, 0 unsigned, 1 by keys not on the roster" "$dir/out" ||
    { cat "$dir/out" >&2; exit 1; }
gl verify --run "$late" >"$dir/out" 2>&1 ||
    { echo "verify refused a roster that came after a signature:" >&2; cat "$dir/out" >&2; exit 1; }
gl verify --json --run "$late" >"$dir/late.json" || true
python3 - "$dir/late.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["signatures"]
assert s["passes"] and s["notOnRoster"] == 1 and s["good"] == 1, s
assert [e["status"] for e in s["events"]] == ["not-on-roster", "good"], s
PY

# A run that requires signatures: an unsigned event in it is refused by both.
required=$dir/required.golive
gl new --out "$required" >/dev/null
b "$required" roster "$dir/roster" required
b "$required" append signed 0.1 "" "" "Inès Ortega" incident-commander "$dir/ic"
"$audit" "$required" >/dev/null
gl verify --run "$required" >/dev/null 2>&1
cp "$required" "$dir/unsigned.golive"
b "$dir/unsigned.golive" append signed 0.2 "" "" "Zoë Ångström" release-captain
refused "$dir/unsigned.golive" 2 "an unsigned event in a run that requires signatures"
said "$dir/unsigned.golive"
grep -q "unsigned: event #2" "$dir/said" ||
    { echo "verify did not list the unsigned event" >&2; exit 1; }

# A roster swapped in the file's meta values (the genesis anchors it): both name event #1.
attack swapped
python3 - "$dir/swapped.golive" "$dir/roster-with-mallory" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE meta SET value=? WHERE key='allowed_signers'", (open(sys.argv[2], "rb").read(),))
db.commit()
PY
refused "$dir/swapped.golive" 1 "a roster swapped in the run's meta values"
echo "audit and verify agree on signed runs"
