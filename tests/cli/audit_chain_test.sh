#!/usr/bin/env bash
# The ledger can be audited without golive: packaging/golive-audit.py must agree with
# `golive verify` on an intact run (with non-ASCII, quotes and slashes in notes) and on tampered
# ones: an edited event, a time rewritten in another form (hash recomputed over it), the
# embedded runbook swapped together with its recorded SHA-256, and an event's snapshot changed.
set -euo pipefail
golive=$1 audit=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export HOME=$dir XDG_DATA_HOME=$dir/data XDG_CONFIG_HOME=$dir/config QT_QPA_PLATFORM=offscreen
run=$dir/audit.golive
"$golive" new --out "$run" >/dev/null
"$golive" sign 0.1 --as "Zoë Ångström" --role release-captain --note 'window "18:00–20:00" / 東京 ✓' --run "$run" >/dev/null
"$golive" fill branch-name 'release/v4.2.0' --as "Zoë Ångström" --role release-captain --run "$run" >/dev/null
"$golive" block 1.1 --as "Raj" --role engineer --reason $'tab\there, backslash \\ and newline\nend' --run "$run" >/dev/null
# The cutover's events are new kinds under the same canonical form: both must accept them.
"$golive" gate --as "Zoë Ångström" --role release-captain --run "$run" >/dev/null
"$golive" go --as "Inès" --role incident-commander --reason 'war room "confirmed" by phone' --run "$run" >/dev/null
"$golive" fail 4.5 --as "Raj" --role engineer --reason 'maintenance page | 500s' --run "$run" >/dev/null
"$golive" observe slo-breach --as "Oda" --role observer --text 'p95 > 350 ms on prov-ledger' --run "$run" >/dev/null
"$golive" rollback --as "Inès" --role incident-commander --reason '4.5 unresolved after 15 min' --run "$run" >/dev/null
"$golive" rollback-step 1 --as "Raj" --role engineer --note 'maintenance mode back on' --run "$run" >/dev/null
"$golive" verify --run "$run" >/dev/null
"$audit" "$run" | grep -q "chain intact, 9 events"
head=$("$audit" "$run" | sed -n 's/.*head \([0-9a-f]\{64\}\)$/\1/p')
"$golive" verify --expect-head "$head" --run "$run" >/dev/null

# Both must refuse each tampered copy, naming the same event.
refused() { # FILE EVENT WHAT
    if "$audit" "$1" >"$dir/out"; then echo "audit accepted $3" >&2; exit 1; fi
    grep -q "event #$2" "$dir/out" || { echo "audit did not name event #$2 for $3:" >&2; cat "$dir/out" >&2; exit 1; }
    if "$golive" verify --run "$1" >"$dir/out" 2>&1; then echo "golive verify accepted $3" >&2; exit 1; fi
    grep -q "event #$2" "$dir/out" || { echo "verify did not name event #$2 for $3:" >&2; cat "$dir/out" >&2; exit 1; }
}
tamper() { # SOURCE COPY PYTHON
    cp "$1" "$2"
    python3 - "$2" "$3" <<'PY'
import hashlib, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
    db.execute(f'DROP TRIGGER "{name}"')
exec(sys.argv[2])
db.commit()
PY
}

tamper "$run" "$dir/edited.golive" 'db.execute("UPDATE events SET actor=\"Mallory\" WHERE seq=2")'
refused "$dir/edited.golive" 2 "an edited event"

# The same instant as +00:00, with the hash recomputed over the stored text: only the exact
# form golive writes is accepted, by both.
tamper "$run" "$dir/time.golive" '
cols = "seq, time_utc, kind, item_id, field_key, text, actor, role, os_user, host, prev_hash"
r = db.execute(f"SELECT {cols} FROM events WHERE seq=1").fetchone()
t = r[1][:-1] + "+00:00"
p = {"seq": r[0], "time": t, "kind": r[2], "item": r[3] or "", "field": r[4] or "", "text": r[5] or "",
     "actor": r[6], "role": r[7], "os_user": r[8] or "", "host": r[9] or "", "prev": r[10]}
h = hashlib.sha256(json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
db.execute("UPDATE events SET time_utc=?, hash=? WHERE seq=1", (t, h))'
refused "$dir/time.golive" 1 "a time not in golive's form"

# A kind golive does not write (a misspelt cutover kind), hash recomputed: both refuse it.
tamper "$run" "$dir/kind.golive" '
cols = "seq, time_utc, kind, item_id, field_key, text, actor, role, os_user, host, prev_hash"
r = db.execute(f"SELECT {cols} FROM events WHERE seq=4").fetchone()
assert r[2] == "phase-changed", r[2]
p = {"seq": r[0], "time": r[1], "kind": "phase-change", "item": r[3] or "", "field": r[4] or "",
     "text": r[5] or "", "actor": r[6], "role": r[7], "os_user": r[8] or "", "host": r[9] or "",
     "prev": r[10]}
h = hashlib.sha256(json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
db.execute("UPDATE events SET kind=?, hash=? WHERE seq=4", ("phase-change", h))'
refused "$dir/kind.golive" 4 "a kind golive does not write"

# Another runbook with its own, matching SHA-256: the chain's genesis no longer fits.
tamper "$run" "$dir/swap.golive" '
(text,) = db.execute("SELECT value FROM meta WHERE key=\"runbook_text\"").fetchone()
text = bytes(text) + b"\n<!-- swapped -->\n"
db.execute("UPDATE meta SET value=? WHERE key=\"runbook_text\"", (text,))
db.execute("UPDATE meta SET value=? WHERE key=\"runbook_sha256\"", (hashlib.sha256(text).hexdigest(),))'
refused "$dir/swap.golive" 1 "a swapped runbook"

# A snapshot of what golive could see (schema 5) on the newest event, its hash recomputed with
# "snapshot" in the payload: both accept it (golive reads the column, the script hashes it the
# same way), and both name the event once one character of it changes. Verified with a record of
# heads of its own, so only the snapshot can make golive refuse it.
tamper "$run" "$dir/snap.golive" '
cols = "seq, time_utc, kind, item_id, field_key, text, actor, role, os_user, host, prev_hash"
r = db.execute(f"SELECT {cols} FROM events WHERE seq=9").fetchone()
snap = json.dumps({"panels": [{"id": "p95", "title": "東京 ✓ </script>", "value": 452.5}],
                   "alerts": [{"name": "Down{i=\"a\\b\"}", "summary": "Zoë\nnext"}]},
                  sort_keys=True, separators=(",", ":"), ensure_ascii=False)
p = {"seq": r[0], "time": r[1], "kind": r[2], "item": r[3] or "", "field": r[4] or "",
     "text": r[5] or "", "actor": r[6], "role": r[7], "os_user": r[8] or "", "host": r[9] or "",
     "prev": r[10], "snapshot": snap}
h = hashlib.sha256(json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
db.execute("UPDATE events SET snapshot=?, hash=? WHERE seq=9", (snap, h))'
"$audit" "$dir/snap.golive" | grep -q "chain intact, 9 events"
XDG_DATA_HOME=$dir/snapdata "$golive" verify --run "$dir/snap.golive" >/dev/null
tamper "$dir/snap.golive" "$dir/snap-changed.golive" \
    'db.execute("UPDATE events SET snapshot=replace(snapshot, \"452.5\", \"252.5\") WHERE seq=9")'
XDG_DATA_HOME=$dir/snapdata refused "$dir/snap-changed.golive" 9 "a changed snapshot"

# Deleting the newest event keeps the chain intact; only a head recorded elsewhere shows it.
tamper "$run" "$dir/trimmed.golive" 'db.execute("DELETE FROM events WHERE seq=9")'
"$audit" "$dir/trimmed.golive" | grep -q "chain intact, 8 events"
if "$golive" verify --expect-head "$head" --run "$dir/trimmed.golive" >/dev/null 2>&1; then
    echo "golive verify --expect-head accepted a trimmed ledger" >&2; exit 1
fi
echo "audit and verify agree"
