#!/usr/bin/env python3
"""Builds and alters signed golive runs the way someone with the file and sqlite3 could: rows
written straight into a run file made by `golive new`, each signed by `ssh-keygen -Y sign -n
golive` over its canonical payload and chained by hash, so golive's own rules (who may change
the roster, which key may sign) are not in the way of a test that needs a record golive would
refuse to write.

  signed_run.py RUN roster ROSTER_FILE [required]   the run's initial roster (before any event)
  signed_run.py RUN append KIND ITEM FIELD TEXT ACTOR ROLE [KEY]
                                                     a new event, signed with the private key
                                                     file KEY when given
  signed_run.py RUN set SEQ COLUMN VALUE             one stored value changed, nothing else
  signed_run.py RUN resign SEQ KEY                   event SEQ signed again with KEY (its
                                                     payload then names KEY)
  signed_run.py RUN signother SEQ KEY                event SEQ's signature replaced by one that
                                                     KEY made over other bytes (its text changed)
  signed_run.py RUN signas SEQ KEY                   event SEQ's payload (naming its own key)
                                                     signed by KEY instead
  signed_run.py RUN rehash                           every hash and prev recomputed from the
                                                     genesis, signatures left as they are
  signed_run.py RUN payload SEQ                      the canonical payload of event SEQ
The triggers that keep rows append-only are dropped first, as anyone editing the file would.
"""
import base64
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

COLS = ("seq, time_utc, kind, item_id, field_key, text, actor, role, os_user, host, prev_hash,"
        " hash, key_type, key_fp, signature, snapshot")


def meta_text(value):
    if value is None:
        return ""
    return bytes(value).decode() if isinstance(value, (bytes, memoryview)) else str(value)


def genesis(db):
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    anchor = f"golive-run\n{meta['run_id']}\n{meta['runbook_sha256']}"
    roster = meta_text(meta.get("allowed_signers"))
    required = meta_text(meta.get("signatures_required")) == "1"
    if roster or required:
        anchor += (f"\nallowed-signers {hashlib.sha256(roster.encode()).hexdigest()}"
                   f"\nsignatures {'required' if required else 'optional'}")
    return hashlib.sha256(anchor.encode()).hexdigest()


def payload(row):
    seq, time, kind, item, field, text, actor, role, os_user, host, prev, _h, _t, fp, _s, snap = row
    p = {"seq": seq, "time": time, "kind": kind, "item": item or "", "field": field or "",
         "text": text or "", "actor": actor, "role": role, "os_user": os_user or "",
         "host": host or "", "prev": prev}
    if fp:
        p["key"] = fp
    if snap:
        p["snapshot"] = snap
    return json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def key_of(key_file):
    """(type, fingerprint) of a key file's public half."""
    with open(key_file + ".pub", encoding="utf-8") as f:
        key_type, blob = f.read().split()[:2]
    digest = hashlib.sha256(base64.b64decode(blob)).digest()
    return key_type, "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def sign(data, key_file):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "data")
        with open(path, "wb") as f:
            f.write(data)
        subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-f", key_file, "-n", "golive", path],
                       check=True, capture_output=True, timeout=60)
        with open(path + ".sig", encoding="ascii") as f:
            return f.read()


def row(db, seq):
    return list(db.execute(f"SELECT {COLS} FROM events WHERE seq=?", (seq,)).fetchone())


def store(db, r):
    db.execute(f"INSERT OR REPLACE INTO events({COLS}) VALUES({','.join('?' * 16)})", r)


def main():
    path, op, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    db = sqlite3.connect(path)
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        db.execute(f'DROP TRIGGER "{name}"')
    if op == "roster":
        with open(args[0], "rb") as f:
            roster = f.read()
        required = "1" if args[1:] == ["required"] else "0"
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('allowed_signers', ?)",
                   (roster,))
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('signatures_required', ?)",
                   (required,))
    elif op == "append":
        kind, item, field, text, actor, role = args[:6]
        key = args[6] if len(args) > 6 else ""
        last = db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, genesis(db))
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        key_type, fp = key_of(key) if key else (None, None)
        r = [seq, now, kind, item or None, field or None, text or None, actor, role, "tester",
             "testhost", prev, "", key_type, fp, None, None]
        data = payload(r)
        r[11] = hashlib.sha256(data).hexdigest()
        if key:
            r[14] = sign(data, key)
        store(db, r)
    elif op == "set":
        seq, column, value = int(args[0]), args[1], args[2]
        db.execute(f"UPDATE events SET {column}=? WHERE seq=?",
                   (None if value == "NULL" else value, seq))
    elif op == "resign":
        r = row(db, int(args[0]))
        r[12], r[13] = key_of(args[1])
        r[11] = hashlib.sha256(payload(r)).hexdigest()
        r[14] = sign(payload(r), args[1])
        store(db, r)
    elif op == "signother":
        r = row(db, int(args[0]))
        other = list(r)
        other[5] = (other[5] or "") + " (not what was recorded)"
        r[14] = sign(payload(other), args[1])
        store(db, r)
    elif op == "signas":
        r = row(db, int(args[0]))
        r[14] = sign(payload(r), args[1])
        store(db, r)
    elif op == "rehash":
        prev = genesis(db)
        for (seq,) in db.execute("SELECT seq FROM events ORDER BY seq").fetchall():
            r = row(db, seq)
            r[10] = prev
            r[11] = prev = hashlib.sha256(payload(r)).hexdigest()
            store(db, r)
    elif op == "payload":
        sys.stdout.buffer.write(payload(row(db, int(args[0]))))
    else:
        sys.exit(f"unknown operation {op}")
    db.commit()


if __name__ == "__main__":
    main()
