#!/usr/bin/env python3
"""Recomputes a golive run file's sign-off chain with nothing but Python's standard library.

An auditor need not trust golive: each event's hash is SHA-256 over compact, key-sorted JSON of
its fields (seq, time, kind, item, field, text, actor, role, os_user, host, prev), and prev is
the previous event's hash (64 zeros for the first). Usage: golive-audit.py RUN.golive
Exit 0 when the chain is intact, 1 when it is not (the first bad event is named), 2 on usage.
"""
import hashlib
import json
import sqlite3
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: golive-audit.py RUN.golive", file=sys.stderr)
        return 2
    path = sys.argv[1]
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = db.execute(
            "SELECT seq, time_utc, kind, item_id, field_key, text, actor, role, os_user, host,"
            " prev_hash, hash FROM events ORDER BY seq").fetchall()
    except sqlite3.Error as e:
        print(f"{path}: cannot read the ledger: {e}", file=sys.stderr)
        return 2
    prev, expected_seq = "0" * 64, 1
    for seq, time, kind, item, field, text, actor, role, os_user, host, prev_hash, digest in rows:
        payload = json.dumps(
            {"seq": seq, "time": time, "kind": kind, "item": item or "", "field": field or "",
             "text": text or "", "actor": actor, "role": role, "os_user": os_user or "",
             "host": host or "", "prev": prev_hash},
            sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if seq != expected_seq or prev_hash != prev:
            print(f"{path}: broken at event #{seq}: the event before it is missing or was changed")
            return 1
        if hashlib.sha256(payload.encode("utf-8")).hexdigest() != digest:
            print(f"{path}: broken at event #{seq}: its contents were changed after it was written")
            return 1
        prev, expected_seq = digest, seq + 1
    print(f"{path}: chain intact, {len(rows)} events, head {prev}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
