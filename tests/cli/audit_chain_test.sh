#!/usr/bin/env bash
# The ledger can be audited without golive: packaging/golive-audit.py must agree with
# `golive verify` on an intact run (with non-ASCII, quotes and slashes in notes) and on a tampered one.
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
"$golive" verify --run "$run" >/dev/null
"$audit" "$run" | grep -q "chain intact, 3 events"
python3 - "$run" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
    db.execute(f'DROP TRIGGER "{name}"')
db.execute("UPDATE events SET actor='Mallory' WHERE seq=2")
db.commit()
PY
if "$audit" "$run" >"$dir/out"; then echo "audit accepted a tampered ledger" >&2; exit 1; fi
grep -q "event #2" "$dir/out"
if "$golive" verify --run "$run" >/dev/null; then echo "golive verify accepted a tampered ledger" >&2; exit 1; fi
echo "audit and verify agree"
