#!/usr/bin/env python3
"""Recomputes a golive run file's sign-off chain with nothing but Python's standard library.

An auditor need not trust golive: each event's hash is SHA-256 over compact, key-sorted JSON of
its fields exactly as stored (seq, time, kind, item, field, text, actor, role, os_user, host,
prev), and prev is the previous event's hash. The first event's prev is the run's genesis: the
SHA-256 of "golive-run\\n" + meta.run_id + "\\n" + the SHA-256 of meta.runbook_text (computed
here, and checked against meta.runbook_sha256), so the chain also covers the embedded runbook.
Usage: golive-audit.py RUN.golive
Exit 0 when the chain is intact, 1 when it is not (the first bad event is named), 2 on usage.
"""
import datetime
import hashlib
import json
import re
import sqlite3
import sys

TIME_FORM = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
KINDS = {"signed", "revoked", "not-applicable", "blocked", "field-filled", "note-added",
         "chain-break-acknowledged", "phase-changed", "decision", "step-failed", "rollback-step",
         "observed", "dashboard-set"}
ROLES = {"incident-commander", "release-captain", "engineer", "observer"}


def golive_time(time) -> bool:
    """Exactly yyyy-MM-ddTHH:mm:ss.zzzZ (UTC, milliseconds), a real date and time."""
    if not isinstance(time, str) or not TIME_FORM.fullmatch(time):
        return False
    try:
        datetime.datetime.strptime(time, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return False
    return True


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: golive-audit.py RUN.golive", file=sys.stderr)
        return 2
    path = sys.argv[1]
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        rows = db.execute(
            "SELECT seq, time_utc, kind, item_id, field_key, text, actor, role, os_user, host,"
            " prev_hash, hash FROM events ORDER BY seq").fetchall()
    except sqlite3.Error as e:
        print(f"{path}: cannot read the ledger: {e}", file=sys.stderr)
        return 2
    run_id, runbook = meta.get("run_id"), meta.get("runbook_text")
    if not isinstance(run_id, str) or runbook is None:
        print(f"{path}: not a golive run: its run_id or runbook_text is missing")
        return 1
    if isinstance(runbook, str):
        runbook = runbook.encode("utf-8")
    runbook_sha = hashlib.sha256(runbook).hexdigest()
    if meta.get("runbook_sha256") != runbook_sha:
        print(f"{path}: the embedded runbook does not match its recorded SHA-256")
        return 1
    genesis = hashlib.sha256(f"golive-run\n{run_id}\n{runbook_sha}".encode("utf-8")).hexdigest()
    prev, expected_seq = genesis, 1
    for seq, time, kind, item, field, text, actor, role, os_user, host, prev_hash, digest in rows:
        payload = json.dumps(
            {"seq": seq, "time": time, "kind": kind, "item": item or "", "field": field or "",
             "text": text or "", "actor": actor, "role": role, "os_user": os_user or "",
             "host": host or "", "prev": prev_hash},
            sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if kind not in KINDS or role not in ROLES:
            print(f"{path}: broken at event #{seq}: its kind {kind!r} or role {role!r} is not "
                  "one golive writes")
            return 1
        if not golive_time(time):
            print(f"{path}: broken at event #{seq}: its time {time!r} is not in golive's form")
            return 1
        if hashlib.sha256(payload.encode("utf-8")).hexdigest() != digest:
            print(f"{path}: broken at event #{seq}: its contents were changed after it was written")
            return 1
        if seq == 1 and expected_seq == 1 and prev_hash != prev:
            print(f"{path}: broken at event #{seq}: it is not chained to this run's id and runbook")
            return 1
        if seq != expected_seq or prev_hash != prev:
            print(f"{path}: broken at event #{seq}: the event before it is missing or was changed")
            return 1
        prev, expected_seq = digest, seq + 1
    print(f"{path}: chain intact, {len(rows)} events, head {prev}")
    if not rows:
        print(f"{path}: no events: nothing is signed, so nothing ties the embedded runbook "
              "to this run yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
